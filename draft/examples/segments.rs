//! Prints a notice's units with their sections: `cargo run -p noticegate-draft --example segments FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a notice file");
    let text = std::fs::read_to_string(path).expect("readable");
    let doc = noticegate_draft::segment::segment(&text);
    for u in &doc.units {
        let s = &doc.sections[u.section];
        println!("{:?}/{:?} [{}] {}", s.kind, u.kind, u.intro.map_or(String::new(), |i| i.to_string()), u.text.chars().take(100).collect::<String>());
    }
}
