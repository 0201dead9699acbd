//! Where the built-in snapshot's bytes and decoding time go (a probe for docs/benchmarks.md).
fn main() {
    let sources = noticegate::Engine::builtin_sources();
    let loaded = noticegate::load::load(&sources).unwrap();
    let bytes = noticegate::load::encode(&loaded);
    let set = postcard::to_allocvec(&loaded.set).unwrap().len();
    let compiled = postcard::to_allocvec(&loaded.compiled).unwrap().len();
    println!("snapshot {} bytes: set {set}, compiled {compiled}", bytes.len());
    let n = 200;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(noticegate::load::decode(&bytes).unwrap());
    }
    println!("postcard decode: {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(noticegate::Engine::load_builtin().unwrap());
    }
    println!("load_builtin (decode + fragments + classifier): {:?}", t.elapsed() / n);
}
