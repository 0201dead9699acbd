fn main() {
    let sources = noticegate::Engine::builtin_sources();
    let loaded = noticegate::load::load(&sources).unwrap();
    let set = postcard::to_allocvec(&loaded.set).unwrap().len();
    let compiled = postcard::to_allocvec(&loaded.compiled).unwrap().len();
    let t = std::time::Instant::now();
    for _ in 0..20 { let _ = noticegate::compile::compile(&loaded.set); }
    println!("set {set} bytes, compiled {compiled} bytes, compile {:?} each", t.elapsed() / 20);
    for (i, a) in noticegate::model::Action::ALL.iter().enumerate() {
        let idx = &loaded.compiled.actions[i];
        println!("{:?}: cells {} rules {}", a, idx.cells.len(), idx.members.len());
    }
    let files: usize = sources.policy_files.iter().map(|f| f.text.len()).sum::<usize>() + sources.notice_texts.values().map(|t| t.len()).sum::<usize>();
    println!("embedded files {files} bytes");
}
