fn main() {
    let e = noticegate::Engine::from_dir(std::path::Path::new("policies"));
    match e { Ok(e) => { for l in std::io::stdin().lines() { println!("{}", e.ask_json(&l.unwrap())); } } Err(e) => eprintln!("{e}") }
}
