//! Batch builds: reproducible bytes across threads, processes and `--jobs`,
//! failures named while the rest build, nothing clobbered, nothing left over.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn missouri_source() -> String {
    common::portable_source("missouri")
}

/// Puts the base Missouri's profile extends beside copies of it in `dir`.
fn with_base(dir: &Path) {
    std::fs::copy("profiles/region-vii.toml", dir.join("region-vii.toml")).unwrap();
}

fn factsheet(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// `factsheet ARGS` running, its stdout piped and its stderr dropped.
fn spawned(args: &[&std::ffi::OsStr]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// `factsheet build INPUT -o OUT`.
fn build_into(input: impl AsRef<std::ffi::OsStr>, out: &Path) -> Output {
    factsheet(&[
        "build".as_ref(),
        input.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

/// File name → bytes of every file in `dir` (hidden ones too).
fn files(dir: &Path) -> BTreeMap<OsString, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn the_same_profile_builds_to_the_same_bytes_on_two_threads() {
    let (profile, _) = factsheet::profile::load(Path::new("profiles/missouri.toml")).unwrap();
    let options = factsheet::BuildOptions::default();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| factsheet::build(&profile, &options).unwrap().pdf);
        let b = s.spawn(|| factsheet::build(&profile, &options).unwrap().pdf);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a == b, "two builds of one profile on two threads differ");
    // With a date, the bytes carry it and still agree.
    let dated = factsheet::BuildOptions {
        date: Some(1_500_000_000),
        ..options
    };
    let c = factsheet::build(&profile, &dated).unwrap().pdf;
    let d = factsheet::build(&profile, &dated).unwrap().pdf;
    assert!(c == d);
    assert!(c != a);
}

/// `copies` copies of Missouri's profile and one broken profile in a folder.
fn folder_of_copies(dir: &Path, copies: usize) -> PathBuf {
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    with_base(&profiles);
    let source = missouri_source();
    for i in 0..copies {
        std::fs::write(profiles.join(format!("mo-{i:03}.toml")), &source).unwrap();
    }
    // A misspelt key: an error with a location, in the middle of the list.
    let broken = source.replacen(
        "state_code = \"MO\"",
        "state_code = \"MO\"\nsate = \"typo\"",
        1,
    );
    std::fs::write(profiles.join("mo-050-broken.toml"), broken).unwrap();
    profiles
}

/// The done-when of the batch issue: many copies and one broken profile in
/// one call; the broken one is named, the exit status is 1, every other PDF
/// is written, byte-identical to a run with other `--jobs` (and so to other
/// processes), and no temporary file is left.
#[test]
fn a_folder_builds_the_same_with_any_jobs_and_names_the_broken_profile() {
    // Enough copies to keep both threads busy; 300 are measured by hand
    // (README, "Speed").
    let copies = 60;
    let dir = common::temp_dir("batch-jobs");
    let profiles = folder_of_copies(&dir, copies);
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.join(format!("out-{jobs}"));
        let report = dir.join(format!("report-{jobs}.json"));
        let run = factsheet(&[
            "build".as_ref(),
            profiles.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--jobs".as_ref(),
            jobs.as_ref(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        let line = missouri_source()
            .lines()
            .position(|l| l.starts_with("state_code"))
            .unwrap()
            + 2;
        assert!(
            stderr.contains(&format!("mo-050-broken.toml:{line}:1")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "failed: {}",
                profiles.join("mo-050-broken.toml").display()
            )),
            "{stderr}"
        );
        assert!(
            stdout.contains(&format!("{copies} built, 1 failed in ")),
            "{stdout}"
        );
        // Messages in profile order whatever the threads did.
        let built: Vec<&str> = stdout.lines().filter(|l| l.starts_with("built ")).collect();
        assert_eq!(built.len(), copies);
        let mut sorted = built.clone();
        sorted.sort();
        assert_eq!(built, sorted);

        let written = files(&out);
        assert_eq!(written.len(), copies, "{:?}", written.keys());
        assert!(written.keys().all(|name| {
            name.to_str().unwrap().starts_with("mo-") && !name.to_str().unwrap().contains("broken")
        }));

        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        assert_eq!(report["totals"]["profiles"], copies + 1);
        assert_eq!(report["totals"]["built"], copies);
        assert_eq!(report["totals"]["failed"], 1);
        let entries = report["profiles"].as_array().unwrap();
        let broken = entries
            .iter()
            .find(|p| p["input"].as_str().unwrap().ends_with("mo-050-broken.toml"))
            .unwrap();
        assert_eq!(broken["status"], "failed");
        assert_eq!(broken["bytes"], 0);
        let error = broken["errors"][0].as_str().unwrap();
        assert!(
            error.contains(&format!(
                "mo-050-broken.toml:{line}:1: error: unknown key `sate`"
            )),
            "{error}"
        );
        let first = &entries[0];
        assert_eq!(first["status"], "built");
        assert_eq!(first["pages"], 1);
        assert_eq!(
            first["bytes"].as_u64().unwrap() as usize,
            written[&OsString::from("mo-000.pdf")].len()
        );
        assert!(first["milliseconds"].as_f64().unwrap() > 0.0);
        outputs.push(written);
    }
    assert!(
        outputs[0] == outputs[1],
        "--jobs 1 and --jobs 2 wrote different bytes"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn profiles_that_would_write_one_pdf_are_both_refused() {
    let dir = common::temp_dir("batch-stems");
    let source = missouri_source();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        with_base(&dir.join(sub));
        std::fs::write(dir.join(sub).join("mo.toml"), &source).unwrap();
    }
    std::fs::write(dir.join("a").join("ks.toml"), &source).unwrap();
    let out = dir.join("out");
    let run = factsheet(&[
        "build".as_ref(),
        dir.join("a").as_os_str(),
        dir.join("b").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let a = dir.join("a").join("mo.toml").display().to_string();
    let b = dir.join("b").join("mo.toml").display().to_string();
    assert!(
        stderr.contains(&format!("would also be written by {b}")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("would also be written by {a}")),
        "{stderr}"
    );
    let written: Vec<_> = files(&out).into_keys().collect();
    assert_eq!(written, vec![OsString::from("ks.pdf")]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_folder_that_is_a_file_is_refused() {
    let dir = common::temp_dir("batch-outfile");
    let out = dir.join("out");
    std::fs::write(&out, b"not a folder").unwrap();
    let run = build_into("profiles/missouri.toml", &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // An I/O problem of the run, not of a sheet.
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the output folder is a file"), "{stderr}");
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"not a folder");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_input_is_never_overwritten() {
    // A profile named `x.pdf` built into its own folder would write x.pdf.
    let dir = common::temp_dir("batch-clobber");
    let input = dir.join("x.pdf");
    with_base(&dir);
    std::fs::write(&input, missouri_source()).unwrap();
    let run = build_into(&input, &dir);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is an input; it is not overwritten"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), missouri_source());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stale_temporary_files_are_removed_and_the_folder_is_created() {
    let dir = common::temp_dir("batch-stale");
    let out = dir.join("new").join("out");
    std::fs::create_dir_all(&out).unwrap();
    // No process has id 4294967295 (above Linux's pid_max).
    let stale = out.join(".missouri.pdf.4294967295.tmp");
    std::fs::write(&stale, b"%PDF-1.7 half").unwrap();
    let unrelated = out.join(".notes.txt.4294967295.tmp");
    std::fs::write(&unrelated, b"keep").unwrap();
    let run = build_into("profiles/missouri.toml", &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed a stale temporary file"),
        "{stderr}"
    );
    let names: Vec<_> = files(&out).into_keys().collect();
    assert_eq!(
        names,
        vec![
            OsString::from(".notes.txt.4294967295.tmp"),
            OsString::from("missouri.pdf")
        ]
    );
    // And a missing output folder is created.
    let fresh = dir.join("fresh").join("deeper");
    let run = build_into("profiles/missouri.toml", &fresh);
    assert!(run.status.success());
    assert!(fresh.join("missouri.pdf").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_reports_without_writing() {
    let dir = common::temp_dir("batch-check");
    let report = dir.join("report.json");
    let run = factsheet(&[
        "check".as_ref(),
        "profiles".as_ref(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert!(run.status.success());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(report["profiles"][0]["status"], "checked");
    assert_eq!(report["profiles"][0]["output"], serde_json::Value::Null);
    let sheets = factsheet::batch::discover(&[PathBuf::from("profiles")]).unwrap();
    assert_eq!(report["totals"]["checked"], sheets.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_never_overwrites_an_input_an_output_or_a_special_file() {
    let dir = common::temp_dir("batch-report-guard");
    with_base(&dir);
    let profile = dir.join("mo.toml");
    std::fs::write(&profile, missouri_source()).unwrap();
    let out = dir.join("out");
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&profile, &link).unwrap();
    let spelt_twice = dir.join(".").join("mo.toml");
    for (report, why) in [
        (profile.clone(), "the profile"),
        (spelt_twice, "the profile"),
        (out.join("mo.pdf"), "the PDF of"),
        (link.clone(), "a link"),
        (PathBuf::from("/dev/null"), "not a file"),
    ] {
        let run = factsheet(&[
            "build".as_ref(),
            profile.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{}: {stderr}", report.display());
        assert!(stderr.contains("the report would overwrite"), "{stderr}");
        assert!(stderr.contains(why), "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(&profile).unwrap(),
        missouri_source()
    );
    assert!(
        !out.join("mo.pdf").exists(),
        "nothing is built when the report is refused"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_file_named_two_ways_is_built_once() {
    let dir = common::temp_dir("batch-two-names");
    with_base(&dir);
    std::fs::write(dir.join("mo.toml"), missouri_source()).unwrap();
    let out = dir.join("out");
    let run = factsheet(&[
        "build".as_ref(),
        dir.join("mo.toml").as_os_str(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("1 built, 0 failed"), "{stdout}");
    assert!(out.join("mo.pdf").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fifo_given_as_a_profile_is_refused_by_name() {
    let dir = common::temp_dir("batch-fifo");
    let fifo = dir.join("pipe.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let run = factsheet(&["check".as_ref(), fifo.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `factsheet build` of 200 copies of Missouri in `dir/profiles` into
/// `dir/out` with `args` added, once it has built its first sheet: the
/// process and the rest of its stdout.
fn building_copies(
    dir: &Path,
    args: &[&std::ffi::OsStr],
) -> (
    std::process::Child,
    std::io::BufReader<std::process::ChildStdout>,
) {
    use std::io::BufRead;
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    with_base(&profiles);
    for i in 0..200 {
        std::fs::write(profiles.join(format!("mo-{i:03}.toml")), missouri_source()).unwrap();
    }
    let out = dir.join("out");
    let mut command = vec![
        "build".as_ref(),
        profiles.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    command.extend_from_slice(args);
    let mut child = spawned(&command);
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with("built "), "{line}");
    (child, stdout)
}

#[test]
fn ctrl_c_finishes_the_sheets_in_hand_then_writes_the_summary_and_report() {
    let dir = common::temp_dir("batch-interrupt");
    let out = dir.join("out");
    let report = dir.join("report.json");
    let (mut child, mut stdout) = building_copies(
        &dir,
        &[
            "-j".as_ref(),
            "1".as_ref(),
            "--report".as_ref(),
            report.as_os_str(),
        ],
    );
    // SAFETY: kill only sends a signal to the child started above.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("not started (interrupted)"), "{rest}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let built = report["totals"]["built"].as_u64().unwrap();
    let skipped = report["totals"]["skipped"].as_u64().unwrap();
    assert!(built >= 1 && skipped >= 1, "{}", report["totals"]);
    assert_eq!(built + skipped, 200, "{}", report["totals"]);
    assert_eq!(report["profiles"][199]["status"], "skipped");
    // Every sheet reported built is whole, and nothing else was left.
    let written = files(&out);
    assert_eq!(written.len() as u64, built, "{:?}", written.keys());
    assert!(written
        .values()
        .all(|pdf| pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_leaves_only_whole_pdfs() {
    use std::io::Read;
    let dir = common::temp_dir("batch-interrupt-twice");
    let out = dir.join("out");
    let (mut child, mut stdout) = building_copies(&dir, &["-j".as_ref(), "2".as_ref()]);
    // Two different signals sent while the process is stopped are both
    // handled when it goes on, one right after the other, wherever its
    // threads were: a first and a second Ctrl-C with no time between.
    let pid = child.id() as i32;
    for signal in [libc::SIGSTOP, libc::SIGINT, libc::SIGTERM, libc::SIGCONT] {
        // SAFETY: kill only sends a signal to the child started above.
        unsafe { libc::kill(pid, signal) };
    }
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    // Stopped at once: the closing line of a finished run never came.
    assert!(!rest.contains("(2 jobs)"), "{rest}");
    let written = files(&out);
    assert!(written.len() < 200, "{}", written.len());
    for (name, pdf) in &written {
        assert!(
            name.to_string_lossy().ends_with(".pdf"),
            "{name:?} was left"
        );
        assert!(
            pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"),
            "{name:?} is not whole"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_escapes_any_name_and_refuses_an_empty_one() {
    let dir = common::temp_dir("batch-new-names");
    let new = |name: &str| {
        factsheet(&[
            "new".as_ref(),
            name.as_ref(),
            "--code".as_ref(),
            "MO".as_ref(),
            "--dir".as_ref(),
            dir.as_os_str(),
        ])
    };
    let run = new("Misso\"uri \\ ");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written: Vec<_> = files(&dir).into_keys().collect();
    assert_eq!(written, vec![OsString::from("misso-uri--.toml")]);
    let (profile, _) = factsheet::profile::load(&dir.join(&written[0])).unwrap();
    assert_eq!(profile.state, "Misso\"uri \\");
    for refused in ["", "  ", "Bad\u{1b}[31m"] {
        let run = new(refused);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("cannot be a state's name"), "{stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr}");
    }
    assert_eq!(files(&dir).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_base_named_on_its_own_is_called_a_base() {
    let run = factsheet(&["check".as_ref(), "profiles/region-vii.toml".as_ref()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("this is a base (no `state`), not a sheet"),
        "{stderr}"
    );
    assert!(
        stderr.contains("build the profiles that extend it"),
        "{stderr}"
    );
    assert!(!stderr.contains("missing"), "{stderr}");
}

#[test]
fn warnings_are_counted_and_strict_says_why_a_profile_failed() {
    let dir = common::temp_dir("batch-warnings");
    with_base(&dir);
    let profile = dir.join("mo.toml");
    // A count of 2 is below the hotline's disclosure threshold: a warning.
    std::fs::write(
        &profile,
        missouri_source().replacen("count = 167", "count = 2", 1),
    )
    .unwrap();
    let run = factsheet(&[
        "check".as_ref(),
        profile.as_os_str(),
        "-j".as_ref(),
        "0".as_ref(),
    ]);
    assert!(run.status.success());
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("1 checked, 0 failed, 1 warnings in"),
        "{stdout}"
    );
    let run = factsheet(&["check".as_ref(), profile.as_os_str(), "--strict".as_ref()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--strict makes its warnings fail it"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn paper_sizes_are_read_in_any_case() {
    let dir = common::temp_dir("batch-paper");
    let run = build_into("profiles/missouri.toml", &dir);
    assert!(run.status.success());
    let run = factsheet(&[
        "build".as_ref(),
        "profiles/missouri.toml".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
        "--paper".as_ref(),
        "A4".as_ref(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = common::Pdf::parse(&std::fs::read(dir.join("missouri.pdf")).unwrap());
    let media_box = common::numbers(pdf.first_page().get(b"MediaBox").unwrap());
    assert!((media_box[2] - 595.0).abs() < 1.0, "{media_box:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `factsheet watch`, its stdout lines arriving on a channel.
fn watching(dir: &Path, out: &Path) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = spawned(&[
        "watch".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    (child, lines)
}

/// Waits (at most 10 s) for a line starting with `start`.
fn wait_for(lines: &std::sync::mpsc::Receiver<String>, start: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.starts_with(start) => return line,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no line starting with `{start}` within 10 s; saw {seen:?}"),
        }
    }
}

#[test]
fn watch_rebuilds_on_a_save_and_keeps_the_last_good_pdf_on_a_broken_one() {
    let dir = common::temp_dir("batch-watch");
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    with_base(&profiles);
    let profile = profiles.join("mo.toml");
    std::fs::write(&profile, missouri_source()).unwrap();
    let out = dir.join("out");
    let pdf = out.join("mo.pdf");
    let (mut child, lines) = watching(&profiles, &out);
    wait_for(&lines, "watching the files of 1 profiles");
    wait_for(&lines, "1 built, 0 failed");
    let first = std::fs::read(&pdf).unwrap();

    // A save to the profile rebuilds it.
    let renamed = missouri_source().replace("title = \"Missouri:", "title = \"Show-Me State:");
    std::fs::write(&profile, &renamed).unwrap();
    wait_for(&lines, "1 built, 0 failed");
    let second = std::fs::read(&pdf).unwrap();
    assert!(second != first);
    let text = common::squash(&common::Pdf::parse(&second).text());
    assert!(text.contains("show-mestate"), "{text}");

    // A broken save fails and keeps the last good PDF.
    std::fs::write(&profile, format!("{renamed}\nstate = ")).unwrap();
    wait_for(&lines, "0 built, 1 failed");
    assert!(std::fs::read(&pdf).unwrap() == second);

    // A save to the base rebuilds the sheets that extend it.
    std::fs::write(&profile, &renamed).unwrap();
    wait_for(&lines, "1 built, 0 failed");
    let base = profiles.join("region-vii.toml");
    let agency =
        std::fs::read_to_string(&base)
            .unwrap()
            .replacen("agency = \"", "agency = \"Watched: ", 1);
    std::fs::write(&base, agency).unwrap();
    wait_for(&lines, "1 built, 0 failed");
    let text = common::squash(&common::Pdf::parse(&std::fs::read(&pdf).unwrap()).text());
    assert!(text.contains("watched:"), "{text}");

    // SAFETY: kill only sends a signal to the child started above.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
