//! `noticegate-export --format cedar|rego [--out DIR]`: the built-in set's share and collect
//! rules as Cedar (schema, policies, entities) or Rego (module, data document).
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut format = None;
    let mut out: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" => { format = args.get(i + 1).cloned(); i += 1; }
            "--out" => { out = args.get(i + 1).map(PathBuf::from); i += 1; }
            other => { eprintln!("unknown argument {other}\nusage: noticegate-export --format cedar|rego [--out DIR]"); std::process::exit(2); }
        }
        i += 1;
    }
    let set = noticegate::Engine::builtin().policy();
    let files: Vec<(&str, String)> = match format.as_deref() {
        Some("cedar") => vec![
            ("noticegate.cedarschema", noticegate_peers::cedar_schema(set)),
            ("noticegate.cedar", noticegate_peers::cedar_policies(set)),
            ("entities.json", serde_json::to_string_pretty(&noticegate_peers::cedar_entities(set)).unwrap()),
        ],
        Some("rego") => vec![
            ("noticegate.rego", noticegate_peers::REGO_MODULE.to_string()),
            ("data.json", serde_json::to_string_pretty(&noticegate_peers::rego_data(set)).unwrap()),
        ],
        _ => { eprintln!("usage: noticegate-export --format cedar|rego [--out DIR]"); std::process::exit(2); }
    };
    match out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).expect("create output directory");
            for (name, text) in files {
                std::fs::write(dir.join(name), text).expect("write");
                eprintln!("wrote {}", dir.join(name).display());
            }
        }
        None => for (name, text) in files { println!("// ===== {name}\n{text}"); },
    }
}
