//! The `gongkai` binary as staff and scripts use it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn gongkai(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("GONGKAI_LOG", "warn")
        .env_remove("GONGKAI_DATA")
        .env_remove("GONGKAI_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the gongkai binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn data_dir() -> String {
    std::env::temp_dir()
        .join(format!(
            "gongkai-cli-{}-{}",
            std::process::id(),
            gongkai_app::random_token(4)
        ))
        .display()
        .to_string()
}

/// A fresh data directory holding one organisation, 某县人民政府 (`mouxian`).
fn county_dir() -> String {
    let dir = data_dir();
    assert!(gongkai(&["init", "--data", &dir], None).status.success());
    let o = gongkai(
        &[
            "org",
            "add",
            "--level",
            "county",
            "--name",
            "某县人民政府",
            "--slug",
            "mouxian",
            "--index-code",
            "11350999MB0012345G",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

#[test]
fn calendar_is_workday_with_make_up_days_and_holidays() {
    let dir = data_dir();
    let o = gongkai(
        &[
            "calendar",
            "is-workday",
            "2026-02-14",
            "2026-02-28",
            "2025-10-01",
            "2025-10-08",
            "2025-10-09",
            "2025-09-28",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        text(&o),
        "2026-02-14 true\n2026-02-28 true\n2025-10-01 false\n2025-10-08 false\n2025-10-09 true\n2025-09-28 true\n"
    );
    // Reading only: no database is created for a question.
    assert!(!std::path::Path::new(&dir).join("gongkai.db").exists());
    // `-` reads dates from stdin; a bad line is reported and makes the exit code non-zero.
    let o = gongkai(
        &["calendar", "is-workday", "-", "--data", &dir],
        Some("2026-01-01\n2026-01-04\nnot-a-date\n"),
    );
    assert_eq!(text(&o), "2026-01-01 false\n2026-01-04 true\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not-a-date"));
}

#[test]
fn calendar_add_workdays_across_national_day_and_into_unknown_years() {
    let dir = data_dir();
    // From Tue 2025-09-30: Oct 1–8 off, Sat Oct 11 a make-up day. 9,10 (2), 11 (3), 13–17 (8),
    // 20–24 (13), 27–31 (18), Nov 3 (19), Nov 4 (20).
    let o = gongkai(
        &[
            "calendar",
            "add-workdays",
            "2025-09-30",
            "20",
            "--data",
            &dir,
        ],
        None,
    );
    assert_eq!(text(&o), "2025-11-04\n");
    let o = gongkai(
        &["calendar", "add-workdays", "-", "1", "--data", &dir],
        Some("2026-02-13\n"),
    );
    assert_eq!(
        text(&o),
        "2026-02-14\n",
        "Sat 2026-02-14 is a make-up working day"
    );
    // 2027 is not loaded: the answer counts weekends only, and says so.
    let o = gongkai(
        &[
            "calendar",
            "add-workdays",
            "2026-12-30",
            "3",
            "--data",
            &dir,
        ],
        None,
    );
    assert_eq!(text(&o), "2027-01-04\n");
    assert!(String::from_utf8_lossy(&o.stderr).contains("尚未载入2027年"));
}

#[test]
fn calendar_load_makes_a_new_year_count() {
    let dir = data_dir();
    let file = std::path::Path::new(&dir).with_extension("json");
    std::fs::write(
        &file,
        r#"{"year": 2027, "notices": [{"title": "测试通知", "number": "国办发明电〔2026〕1号", "url": "", "issued_on": null}],
            "days": [{"date": "2027-01-01", "name": "元旦", "off": true}, {"date": "2027-01-04", "name": "元旦", "off": true}]}"#,
    )
    .unwrap();
    let o = gongkai(
        &["calendar", "load", file.to_str().unwrap(), "--data", &dir],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = gongkai(
        &[
            "calendar",
            "is-workday",
            "2027-01-04",
            "2027-01-05",
            "--data",
            &dir,
        ],
        None,
    );
    assert_eq!(text(&o), "2027-01-04 false\n2027-01-05 true\n");
    assert!(
        String::from_utf8_lossy(&o.stderr).is_empty(),
        "2027 is loaded now"
    );
    let o = gongkai(&["calendar", "list", "--data", &dir], None);
    assert!(
        text(&o).contains("2027\t2天特殊安排\t国办发明电〔2026〕1号 测试通知"),
        "{}",
        text(&o)
    );
    // A broken file is refused with the reason.
    std::fs::write(&file, r#"{"year": 2027, "notices": [], "days": [{"date": "2027-02-30", "name": "x", "off": true}]}"#).unwrap();
    let o = gongkai(
        &["calendar", "load", file.to_str().unwrap(), "--data", &dir],
        None,
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("2027-02-30"));
}

#[test]
fn docnum_normalize_writes_tsv() {
    let o = gongkai(
        &["docnum", "normalize"],
        Some(
            "豫政办 〔2016〕203号\n晋政办发[2005]28号\n发文字号：渝府发〔2023〕15号\n省政府令 第193号\n〔2020〕13号\n",
        ),
    );
    assert!(o.status.success());
    assert_eq!(
        text(&o),
        "豫政办 〔2016〕203号\t豫政办〔2016〕203号\t豫政办\t2016\t203\t\n\
         晋政办发[2005]28号\t晋政办发〔2005〕28号\t晋政办发\t2005\t28\t\n\
         发文字号：渝府发〔2023〕15号\t渝府发〔2023〕15号\t渝府发\t2023\t15\t\n\
         省政府令 第193号\t省政府令第193号\t省政府令\t\t193\t\n\
         〔2020〕13号\t\t\t\t\t文号缺少发文机关代字，标准格式如“辽政办发〔2020〕13号”\n"
    );
}

#[test]
fn organisations_users_and_roles_from_the_console() {
    let dir = data_dir();
    let o = gongkai(&["init", "--data", &dir], None);
    assert!(
        text(&o).contains("已创建平台管理员：用户名 admin"),
        "{}",
        text(&o)
    );
    let o = gongkai(
        &[
            "org",
            "add",
            "--level",
            "county",
            "--name",
            "某县人民政府",
            "--slug",
            "mouxian",
            "--index-code",
            "11350999MB0012345G",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = gongkai(
        &[
            "org",
            "add",
            "--parent",
            "mouxian",
            "--level",
            "village",
            "--name",
            "错层级",
            "--slug",
            "cuo",
            "--index-code",
            "X1",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("村（社区）不能设在"));
    let o = gongkai(
        &[
            "user",
            "add",
            "zhang",
            "--name",
            "张三",
            "--password",
            "a long password",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success());
    let o = gongkai(
        &["user", "add", "zhang", "--name", "又一个", "--data", &dir],
        None,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("用户名“zhang”已存在"));
    let o = gongkai(
        &[
            "user", "grant", "zhang", "--org", "mouxian", "--role", "drafter", "--data", &dir,
        ],
        None,
    );
    assert_eq!(text(&o), "已授予\n");
    let o = gongkai(
        &[
            "user", "grant", "zhang", "--org", "mouxian", "--role", "boss", "--data", &dir,
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("未知角色“boss”"));
    let o = gongkai(&["user", "list", "--data", &dir], None);
    assert!(
        text(&o).contains("zhang\t张三\t\tdrafter@mouxian"),
        "{}",
        text(&o)
    );
    let o = gongkai(&["user", "token", "zhang", "--data", &dir], None);
    assert!(text(&o).starts_with("gk_"));
    let o = gongkai(&["migrate", "--status", "--data", &dir], None);
    assert!(text(&o).starts_with("0001\tfoundation"));
}

#[test]
fn import_with_a_field_map_resumes_and_reports_lines() {
    let dir = data_dir();
    assert!(gongkai(&["init", "--data", &dir], None).status.success());
    let o = gongkai(
        &[
            "org",
            "add",
            "--level",
            "province",
            "--name",
            "示例省人民政府",
            "--slug",
            "sheng",
            "--index-code",
            "11000000MB0000001X",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success());
    let file = std::path::Path::new(&dir).join("laws.jsonl");
    let lines = [
        r##"{"path": "a.md", "title": "某省政府信息公开规定", "date": "2020-05-14", "header": "# 某省政府信息公开规定", "body": "第一条 为了……"}"##,
        r##"{"path": "b.md", "title": "无日期的条例", "date": "", "body": "……"}"##,
        "not json",
        r##"{"path": "c.md", "title": "另一规定", "date": "2019-01-02", "body": "第一条"}"##,
    ];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let args = [
        "import",
        "documents",
        file.to_str().unwrap(),
        "--org",
        "sheng",
        "--map",
        "key=path,written_on=date,body=header+body",
        "--set",
        "topic=zhzw,category=a20-01",
        "--batch",
        "2",
        "--data",
        &dir,
    ];
    let o = gongkai(&args, None);
    assert_eq!(o.status.code(), Some(3), "line errors give exit code 3");
    assert!(
        text(&o).contains("新增 2 件，已存在跳过 0 件，出错 2 行"),
        "{}",
        text(&o)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("第2行：请填写成文日期") && err.contains("第3行：不是有效的 JSON"),
        "{err}"
    );
    let report = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("import-errors-")
        })
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(report.path())
            .unwrap()
            .lines()
            .count(),
        3
    );
    // Run again: the file is done; nothing is read or added.
    let o = gongkai(&args, None);
    assert!(
        text(&o).contains("新增 0 件，已存在跳过 0 件，出错 0 行"),
        "{}",
        text(&o)
    );
    // The file grows: only the new line is new; the old keys are skipped.
    let mut more = lines.join("\n") + "\n";
    more.push_str(
        r##"{"path": "d.md", "title": "新增规定", "date": "2021-03-03", "body": "第一条"}"##,
    );
    more.push('\n');
    std::fs::write(&file, more).unwrap();
    let o = gongkai(&args, None);
    assert!(
        text(&o).contains("新增 1 件，已存在跳过 2 件，出错 2 行"),
        "{}",
        text(&o)
    );
}

/// Reads one gauge from /metrics.
fn gauge(base: &str, name: &str) -> Option<f64> {
    let body = http_get(base, "/metrics")?;
    body.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l[name.len()..].trim().parse().ok())
}

/// A tiny HTTP/1.0 GET over a socket: enough for /metrics and /healthz.
fn http_get(base: &str, path: &str) -> Option<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(base).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {base}\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the binary with `args` and waits until it answers on `base`.
fn spawn_up(args: &[&str], base: &str) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("GONGKAI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if http_get(base, "/healthz").as_deref() == Some("ok\n") {
            return child;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("server did not start");
}

#[test]
fn demo_shows_the_county_from_the_first_request() {
    let dir = data_dir();
    let base = format!("127.0.0.1:{}", free_port());
    let mut server = spawn_up(&["demo", "--data", &dir, "--listen", &base], &base);
    // No pause: a page cached on the way up must not hide the seeded county.
    let listing = http_get(&base, "/yunxi/xxgk/ml");
    let home = http_get(&base, "/");
    server.kill().unwrap();
    server.wait().unwrap();
    let listing = listing.unwrap();
    assert!(listing.contains("/yunxi/xxgk/doc/"), "{listing}");
    assert!(home.unwrap().contains("云溪县"));
}

#[test]
fn killing_the_server_mid_indexing_loses_and_duplicates_nothing() {
    let dir = county_dir();
    let file = std::path::Path::new(&dir).join("docs.jsonl");
    let para = "为进一步做好最低生活保障工作，规范审核确认程序，保障困难群众基本生活，根据有关规定，结合本县实际，制定本办法。";
    let mut lines = String::new();
    const N: usize = 4000;
    for i in 0..N {
        let body = para.repeat(20);
        lines.push_str(&format!(
            "{{\"key\": \"k{i}\", \"title\": \"关于第{i}号事项的通知\", \"written_on\": \"2025-03-04\", \"body\": \"{body}\"}}\n"
        ));
    }
    std::fs::write(&file, lines).unwrap();
    let o = gongkai(
        &[
            "import",
            "documents",
            file.to_str().unwrap(),
            "--org",
            "mouxian",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let port = free_port();
    let base = format!("127.0.0.1:{port}");
    let start = || spawn_up(&["serve", "--data", &dir, "--listen", &base], &base);
    let mut server = start();
    let lag = gauge(&base, "gongkai_search_lag_events").unwrap();
    assert!(
        lag > 0.0,
        "the kill must land while the index is still catching up"
    );
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();

    let mut server = start();
    let mut caught_up = false;
    for _ in 0..600 {
        if gauge(&base, "gongkai_search_lag_events") == Some(0.0) {
            caught_up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let docs = gauge(&base, "gongkai_search_documents");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(caught_up, "the index caught up after the restart");
    assert_eq!(docs, Some(N as f64), "every document indexed exactly once");
}

#[test]
fn catalogs_import_and_export_from_the_console() {
    use gongkai_domain::catalog::RawItem;
    let dir = county_dir();
    let item = |first: &str, time_limit: &str| RawItem {
        domain: "社会救助".into(),
        first: first.into(),
        content: "名单".into(),
        basis: "《社会救助暂行办法》".into(),
        time_limit: time_limit.into(),
        subject: "县民政局".into(),
        channels: vec!["政府网站".into()],
        audience: "全社会".into(),
        method: "主动".into(),
        ..Default::default()
    };
    let good = [
        item("最低生活保障", "信息形成或变更之日起20个工作日内"),
        item("临时救助", "实时公开"),
    ];
    let items: Vec<_> = good
        .iter()
        .map(|r| r.parse_complete(|_| true).unwrap())
        .collect();
    let file = std::path::Path::new(&dir).join("目录.xlsx");
    std::fs::write(
        &file,
        gongkai_app::catalog_xlsx::write("某县", &items).unwrap(),
    )
    .unwrap();
    let o = gongkai(
        &[
            "import",
            "catalog",
            file.to_str().unwrap(),
            "--org",
            "mouxian",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(text(&o), "社会救助\t第1版\t2项\n");

    // A bad table: every problem on stderr, exit code 2, nothing saved.
    let mut bad = items.clone();
    bad[1].content = String::new();
    let bad_file = std::path::Path::new(&dir).join("bad.xlsx");
    std::fs::write(
        &bad_file,
        gongkai_app::catalog_xlsx::write("某县", &bad).unwrap(),
    )
    .unwrap();
    let import = |file: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "import",
            "catalog",
            file.to_str().unwrap(),
            "--org",
            "mouxian",
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--data", &dir]);
        gongkai(&args, None)
    };
    let o = import(&bad_file, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("工作表“社会救助”第5行：缺少公开内容"), "{err}");

    // An area that is not a domain: the dry run lists it and says what to do; mapping
    // it (or adding it) lets the table in.
    let mut jobs = items[0].clone();
    jobs.domain = "就业".into();
    jobs.first = "就业援助".into();
    let jobs_file = std::path::Path::new(&dir).join("就业.xlsx");
    std::fs::write(
        &jobs_file,
        gongkai_app::catalog_xlsx::write("某县", &[jobs]).unwrap(),
    )
    .unwrap();
    let o = import(&jobs_file, &["--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("领域\t就业\t未确定\t1项"), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--map-area"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = import(&jobs_file, &[]);
    assert_eq!(o.status.code(), Some(2), "nothing saved without a decision");
    let o = import(&jobs_file, &["--map-area", "就业=就业创业", "--dry-run"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text(&o).contains("对应到就业创业"), "{}", text(&o));
    let o = import(&jobs_file, &["--map-area", "就业=就业创业"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(text(&o), "就业创业\t第1版\t1项\n");
    let o = import(&jobs_file, &["--map-area", "就业"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("表中领域=平台领域"));
    let o = import(&jobs_file, &["--add-areas"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        text(&o),
        "就业\t第1版\t1项\n",
        "added as the deployment's own"
    );

    let out = std::path::Path::new(&dir).join("out.csv");
    let o = gongkai(
        &[
            "export",
            "catalog",
            "--org",
            "mouxian",
            "--out",
            out.to_str().unwrap(),
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("\"社会救助\",\"临时救助\""));
    assert_eq!(
        csv.lines().count(),
        5,
        "header, two items and the two imports of 就业: the bad import added nothing"
    );
    let o = gongkai(
        &[
            "export",
            "catalog",
            "--org",
            "mouxian",
            "--published",
            "--out",
            out.to_str().unwrap(),
            "--data",
            &dir,
        ],
        None,
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有已发布的目录"));
}

#[test]
fn init_makes_the_gazette_keys_once_and_rotation_keeps_the_old_ones() {
    let data = data_dir();
    let out = gongkai(&["init", "--data", &data], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text(&out).contains("SM2公钥"), "{}", text(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = std::path::Path::new(&data).join("gazette-keys/signing-keys.json");
        let mode = std::fs::metadata(&f).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second init or keygen leaves them alone; only --rotate replaces them.
    assert!(!text(&gongkai(&["init", "--data", &data], None)).contains("SM2公钥"));
    let again = gongkai(&["gazette", "keygen", "--data", &data], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--rotate"));
    let rotated = gongkai(&["gazette", "keygen", "--rotate", "--data", &data], None);
    assert!(rotated.status.success());
    let keys: serde_json::Value =
        serde_json::from_str(&text(&gongkai(&["gazette", "keys", "--data", &data], None))).unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 2);
    let audit = gongkai(&["gazette", "audit", "--data", &data], None);
    assert!(audit.status.success());
    assert!(text(&audit).contains("公报日志完好：0条"));
}

/// Back issues since the first come in from a JSON-lines file: one with its uploaded
/// PDF, one whose edition is set from its contents; run again, nothing is published
/// twice; a line whose PDF differs from the published one is reported, not written.
#[test]
fn gazette_back_issues_import_and_resume() {
    let dir = county_dir();
    let o = gongkai(
        &[
            "gazette",
            "start",
            "--org",
            "mouxian",
            "--title",
            "某县人民政府公报",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = std::path::Path::new(&dir).join("back");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("2019-01.pdf"), b"%PDF-1.4\n% 2019-1\n%%EOF\n").unwrap();
    let lines = [
        r#"{"year":2019,"number":1,"total_number":1,"published_on":"2019-01-20","pdf":"2019-01.pdf","toc":[{"section":"规章","title":"某县城区停车场管理办法","doc_number":"某政令〔2019〕1号","page":2,"text":"第一条 为规范停车秩序，制定本办法。"}]}"#,
        r#"{"year":2019,"number":2,"total_number":2,"published_on":"2019-02-20","toc":[{"section":"政府文件","title":"关于做好春耕生产工作的通知","doc_number":"某政发〔2019〕3号","text":"各乡镇人民政府：\n现就做好春耕生产工作通知如下。"},{"section":"人事任免","title":"某县人民政府关于张三等同志任免职务的通知"}]}"#,
    ];
    let file = files.join("issues.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let path = file.display().to_string();
    let run = || {
        gongkai(
            &[
                "import", "gazette", &path, "--org", "mouxian", "--data", &dir,
            ],
            None,
        )
    };
    let first = run();
    let out = text(&first);
    let err = String::from_utf8_lossy(&first.stderr).into_owned();
    let font =
        std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists();
    if !font {
        // Without a CJK font the second edition cannot be set: the first is in, the
        // import stops at the second with the reason.
        assert!(
            out.contains("新发布1期") && err.contains("第2行"),
            "{out}{err}"
        );
        return;
    }
    assert!(first.status.success(), "{out}{err}");
    assert!(out.contains("新发布2期，已存在跳过0期"), "{out}");
    let again = run();
    assert!(again.status.success());
    assert!(
        text(&again).contains("新发布0期，已存在跳过2期"),
        "{}",
        text(&again)
    );

    std::fs::write(files.join("2019-01.pdf"), b"%PDF-1.4\n% changed\n%%EOF\n").unwrap();
    let changed = run();
    assert!(!changed.status.success());
    assert!(
        String::from_utf8_lossy(&changed.stderr).contains("电子版与本行所给的不同"),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let audit = gongkai(&["gazette", "audit", "--data", &dir], None);
    assert!(
        audit.status.success(),
        "{}{}",
        text(&audit),
        String::from_utf8_lossy(&audit.stderr)
    );
}

/// `gongkai pii scan` reports each piece of personal data with its place and masked
/// form; exit 1 when anything is found, 2 when a number needs a person's look, 0 clean.
#[test]
fn pii_scan_reports_text_and_tables() {
    let dir = std::path::PathBuf::from(data_dir());
    std::fs::create_dir_all(&dir).unwrap();
    let clean = dir.join("clean.txt");
    std::fs::write(
        &clean,
        "关于做好冬季供暖保障工作的通知，云政发〔2026〕8号。",
    )
    .unwrap();
    assert_eq!(
        gongkai(&["pii", "scan", clean.to_str().unwrap()], None)
            .status
            .code(),
        Some(0)
    );
    let list = dir.join("名单.csv");
    std::fs::write(
        &list,
        "序号,姓名,身份证号码,电话\n1,李四,11010519491231002X,13812345678\n",
    )
    .unwrap();
    let o = gongkai(&["pii", "scan", list.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(out.contains("名单!B2\t姓名\t李*"), "{out}");
    assert!(
        out.contains("名单!C2\t身份证号码\t110105***********X"),
        "{out}"
    );
    assert!(out.contains("名单!D2\t手机号码\t138****5678"), "{out}");
    assert!(!out.contains("13812345678"), "{out}");
    let typo = dir.join("typo.txt");
    std::fs::write(&typo, "身份证110105194912310021").unwrap();
    let o = gongkai(&["pii", "scan", typo.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("校验位不符"));
}

#[test]
fn inspect_prints_findings_and_scores_as_json() {
    let dir = county_dir();
    let o = gongkai(
        &[
            "inspect", "--org", "mouxian", "--format", "json", "--data", &dir,
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    // A county that has published nothing: its homepage and columns veto it.
    let home = findings
        .iter()
        .find(|f| f["rule"] == "homepage_stale")
        .unwrap();
    assert_eq!(home["org"], "mouxian");
    assert_eq!(home["veto"], true);
    assert_eq!(home["page"], "/mouxian/");
    assert!(
        findings
            .iter()
            .all(|f| f["detail"].as_str().is_some_and(|d| !d.is_empty()))
    );
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "column_empty" && f["veto"] == true)
    );
    assert_eq!(v["scores"][0]["org"], "mouxian");
    assert_eq!(v["scores"][0]["vetoed"], true);
    assert_eq!(v["scores"][0]["rank"], 1);
    // The portal was walked for dead links, and found none on a fresh site.
    assert!(v["links"]["pages"].as_u64().unwrap() > 5, "{}", v["links"]);
    assert_eq!(v["links"]["truncated"], false);
    assert!(
        findings.iter().all(|f| f["rule"] != "broken_link"),
        "{findings:?}"
    );
    let text = gongkai(&["inspect", "--org", "mouxian", "--data", &dir], None);
    assert!(String::from_utf8_lossy(&text.stdout).contains("【否决】首页两周未更新"));
    let o = gongkai(&["inspect", "--org", "nowhere", "--data", &dir], None);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("机构不存在"));
}

#[test]
fn open_data_is_made_on_demand_and_only_again_after_a_change() {
    let dir = county_dir();
    let file = std::path::Path::new(&dir).join("docs.jsonl");
    std::fs::write(
        &file,
        "{\"key\":\"a\",\"title\":\"某县防汛应急预案\",\"written_on\":\"2025-06-03\",\"body\":\"<p>正文</p>\"}\n",
    )
    .unwrap();
    let import = gongkai(
        &[
            "import",
            "documents",
            file.to_str().unwrap(),
            "--org",
            "mouxian",
            "--data",
            &dir,
        ],
        None,
    );
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let run = |force: bool| -> serde_json::Value {
        let mut args = vec!["open-data", "--data", &dir];
        if force {
            args.push("--force");
        }
        let o = gongkai(&args, None);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let first = run(false);
    assert_eq!(first["made"], true);
    let names: Vec<&str> = first["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 8);
    assert_eq!(first["datasets"][0]["name"], "documents.jsonl.gz");
    assert_eq!(first["datasets"][0]["count"], 1);
    assert_eq!(run(false)["made"], false, "nothing changed");
    let again = run(true);
    assert_eq!(again["made"], true);
    assert_eq!(
        again["datasets"][0]["sha256"], first["datasets"][0]["sha256"],
        "the same records make the same bytes"
    );
}
