//! The KQL subset against answers worked out by hand on two small tables.

use super::*;
use serde_json::json;

fn c(name: &str, ty: &str) -> Column {
    col(name, ty)
}

fn tables() -> Tables {
    let mut t = Tables::default();
    let rows = [
        json!({"Timestamp":"2024-01-01T00:10:00Z","Host":"pc-01","User":"alice","Bytes":100,"Score":1.5,"Ok":true,"Cmd":"powershell.exe -enc AAA","Extra":{"a":1}}),
        json!({"Timestamp":"2024-01-01T00:50:00Z","Host":"pc-01","User":"bob","Bytes":200,"Score":2.5,"Ok":false,"Cmd":"cmd.exe /c whoami","Extra":{}}),
        json!({"Timestamp":"2024-01-01T01:20:00Z","Host":"pc-02","User":"alice","Bytes":300,"Score":null,"Ok":true,"Cmd":"PowerShell.EXE -nop","Extra":null}),
        json!({"Timestamp":"2024-01-01T02:05:00Z","Host":"pc-03","User":"carol","Bytes":null,"Score":4.0,"Ok":true,"Cmd":"","Extra":{"b":[1,2]}}),
        json!({"Timestamp":"2024-01-02T00:00:00Z","Host":"pc-02","User":"bob","Bytes":50,"Score":0.5,"Ok":false,"Cmd":"net.exe user","Extra":{}}),
    ];
    t.append(
        "Events",
        vec![
            c("Timestamp", "DateTime"),
            c("Host", "String"),
            c("User", "String"),
            c("Bytes", "Int64"),
            c("Score", "Double"),
            c("Ok", "Boolean"),
            c("Cmd", "String"),
            c("Extra", "Dynamic"),
        ],
        rows.iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect(),
    );
    let hosts = [
        json!({"Host":"pc-01","Owner":"it"}),
        json!({"Host":"pc-02","Owner":"hr"}),
        json!({"Host":"pc-04","Owner":"ops"}),
        json!({"Host":"pc-01","Owner":"sec"}),
    ];
    t.append(
        "Hosts",
        vec![c("Host", "String"), c("Owner", "String")],
        hosts
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect(),
    );
    t
}

fn now() -> DateTime<Utc> {
    crate::time::parse("2024-01-02T01:00:00Z").unwrap()
}

fn run_opts(
    query: &str,
    window: Option<(&str, &str)>,
    max_rows: usize,
) -> Result<QueryResult, String> {
    let window = window.map(|(a, b)| {
        (
            crate::time::parse(a).unwrap(),
            crate::time::parse(b).unwrap(),
        )
    });
    run(
        &tables(),
        query,
        RunOptions {
            now: now(),
            window,
            max_rows,
            graph: true,
        },
    )
}

fn q(query: &str) -> QueryResult {
    run_opts(query, None, 100_000).unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn err(query: &str) -> String {
    match run_opts(query, None, 100_000) {
        Ok(_) => panic!("{query}: expected an error"),
        Err(e) => e,
    }
}

fn count(query: &str) -> usize {
    q(query).rows.len()
}

/// One column of the result as JSON values.
fn column(query: &str, name: &str) -> Vec<Value> {
    q(query)
        .rows
        .iter()
        .map(|r| r.get(name).cloned().unwrap_or(Value::Null))
        .collect()
}

fn schema(query: &str) -> Vec<(String, String)> {
    q(query)
        .columns
        .into_iter()
        .map(|c| (c.name, c.ty))
        .collect()
}

#[test]
fn where_and_logic() {
    assert_eq!(count("Events"), 5);
    assert_eq!(count("Events | where Host == 'pc-01'"), 2);
    assert_eq!(count("Events | where Host != 'pc-01'"), 3);
    assert_eq!(
        count("Events | where Host == 'pc-01' or (User =~ 'ALICE' and not(Ok == false))"),
        3
    );
    assert_eq!(count("Events | where User !~ 'ALICE'"), 3);
    assert_eq!(count("Events | where Bytes > 100 and Bytes <= 300"), 2);
    assert_eq!(count("Events | where Bytes >= 100"), 3);
    assert_eq!(count("Events | where Score < 2"), 2);
    assert_eq!(count("Events | where Ok"), 3);
    assert_eq!(count("Events | where Ok == true and Bytes > 0"), 2);
    assert_eq!(count("Events | where Bytes * 2 > 500"), 1);
    assert_eq!(count("Events | where Bytes + 50 == 150"), 1);
    assert_eq!(count("Events | where Bytes == 50 or Bytes == -1"), 1);
    // Null never equals anything, not even through !=.
    assert_eq!(count("Events | where Bytes != 100"), 3);
}

#[test]
fn string_operators() {
    assert_eq!(
        column("Events | where Cmd has 'enc' | project Host", "Host"),
        [json!("pc-01")]
    );
    assert_eq!(count("Events | where Cmd has 'who'"), 0);
    assert_eq!(count("Events | where Cmd has 'WHOAMI'"), 1);
    assert_eq!(count("Events | where Cmd has_cs 'WHOAMI'"), 0);
    assert_eq!(count("Events | where Cmd !has 'whoami'"), 4);
    assert_eq!(count("Events | where Cmd contains 'SHELL'"), 2);
    assert_eq!(count("Events | where Cmd contains_cs 'Shell'"), 1);
    assert_eq!(count("Events | where Cmd !contains 'shell'"), 3);
    assert_eq!(count("Events | where Cmd startswith 'power'"), 2);
    assert_eq!(count("Events | where Cmd startswith_cs 'power'"), 1);
    assert_eq!(count("Events | where Cmd endswith 'AAA'"), 1);
    assert_eq!(count("Events | where Cmd !startswith 'power'"), 3);
    assert_eq!(count("Events | where Host in ('pc-01', 'pc-03')"), 3);
    assert_eq!(count("Events | where Host !in ('pc-01', 'pc-03')"), 2);
    assert_eq!(count("Events | where Host in ('PC-01')"), 0);
    assert_eq!(count("Events | where Host in~ ('PC-01')"), 2);
    assert_eq!(count("Events | where Host !in~ ('PC-01')"), 3);
    assert_eq!(count("Events | where Bytes in (100, 300)"), 2);
    assert_eq!(
        count("Events | where Cmd matches regex @'^[a-z]+\\.exe '"),
        3
    );
    assert_eq!(
        count("Events | where Cmd matches regex '(?i)^powershell'"),
        2
    );
    assert_eq!(count("Events | where isempty(Cmd)"), 1);
    assert_eq!(count("Events | where isnotempty(Cmd)"), 4);
    assert_eq!(count("Events | where isnull(Bytes)"), 1);
    assert_eq!(
        count("Events | where tolower(Cmd) startswith_cs 'powershell'"),
        2
    );
    assert_eq!(count("Events | where toupper(User) == 'BOB'"), 2);
    assert_eq!(count("Events | where Host == \"pc-\\\"01\""), 0);
}

#[test]
fn time_functions() {
    // now = 2024-01-02T01:00Z, so ago(1d) = 2024-01-01T01:00Z.
    assert_eq!(count("Events | where Timestamp > ago(1d)"), 3);
    assert_eq!(count("Events | where Timestamp > ago(90m)"), 1);
    assert_eq!(
        count("Events | where Timestamp >= datetime(2024-01-01T01:00:00Z)"),
        3
    );
    assert_eq!(count("Events | where Timestamp < datetime(2024-01-01)"), 0);
    assert_eq!(count("Events | where Timestamp <= now()"), 5);
}

#[test]
fn project_extend_and_away() {
    assert_eq!(
        schema("Events | project Host, KB = Bytes / 100, Day = bin(Timestamp, 1d)"),
        [
            ("Host".into(), "String".into()),
            ("KB".into(), "Int64".into()),
            ("Day".into(), "DateTime".into())
        ]
    );
    assert_eq!(
        column("Events | project KB = Bytes / 100", "KB"),
        [json!(1), json!(2), json!(3), Value::Null, json!(0)]
    );
    assert_eq!(
        column("Events | project Day = bin(Timestamp, 1d) | take 1", "Day"),
        [json!("2024-01-01T00:00:00.0000000Z")]
    );
    let r =
        q("Events | extend Who = strcat(toupper(User), '@', Host), Bytes = Bytes * 10 | take 1");
    assert_eq!(r.columns.len(), 9);
    assert_eq!(r.rows[0]["Who"], json!("ALICE@pc-01"));
    assert_eq!(r.rows[0]["Bytes"], json!(1000));
    assert_eq!(r.columns[3].name, "Bytes"); // replaced in place
    let r = q("Events | project-away Extra, Cmd, Score | take 1");
    assert_eq!(
        r.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Timestamp", "Host", "User", "Bytes", "Ok"]
    );
    assert_eq!(
        r.rows[0]["Timestamp"],
        json!("2024-01-01T00:10:00Z") // as stored
    );
    assert_eq!(
        column("Events | project Extra | take 1", "Extra"),
        [json!({"a": 1})]
    );
    assert_eq!(
        column("Events | extend L = strlen(Cmd) | project L | take 2", "L"),
        [json!(23), json!(17)]
    );
}

#[test]
fn take_top_sort() {
    assert_eq!(count("Events | take 2"), 2);
    assert_eq!(count("Events | limit 0"), 0);
    assert_eq!(
        column("Events | top 2 by Bytes", "Bytes"),
        [json!(300), json!(200)]
    );
    assert_eq!(
        column("Events | top 2 by Bytes asc", "Bytes"),
        [Value::Null, json!(50)]
    );
    // Descending puts nulls last, ascending first (Kusto's defaults).
    assert_eq!(
        column("Events | sort by Score asc | project Score", "Score"),
        [Value::Null, json!(0.5), json!(1.5), json!(2.5), json!(4.0)]
    );
    assert_eq!(
        column("Events | order by Score | project Score", "Score"),
        [json!(4.0), json!(2.5), json!(1.5), json!(0.5), Value::Null]
    );
    assert_eq!(
        column(
            "Events | sort by Score desc nulls first | project Score",
            "Score"
        )[0],
        Value::Null
    );
    assert_eq!(
        column(
            "Events | sort by Host asc, Bytes desc | project Bytes",
            "Bytes"
        ),
        [json!(200), json!(100), json!(300), json!(50), Value::Null]
    );
    assert_eq!(
        column(
            "Events | sort by Timestamp desc | take 1 | project User",
            "User"
        ),
        [json!("bob")]
    );
}

#[test]
fn summarize() {
    let r = q("Events | summarize count() by Host");
    assert_eq!(
        r.columns
            .iter()
            .map(|c| (c.name.as_str(), c.ty.as_str()))
            .collect::<Vec<_>>(),
        [("Host", "String"), ("count_", "Int64")]
    );
    assert_eq!(
        r.rows
            .iter()
            .map(|r| (r["Host"].clone(), r["count_"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("pc-01"), json!(2)),
            (json!("pc-02"), json!(2)),
            (json!("pc-03"), json!(1))
        ]
    );
    let r = q("Events | summarize n = count(), users = dcount(User), mn = min(Bytes), mx = max(Bytes), s = sum(Bytes), a = avg(Score), first = min(Timestamp) by Host");
    let pc1 = &r.rows[0];
    assert_eq!(
        (
            pc1["n"].clone(),
            pc1["users"].clone(),
            pc1["mn"].clone(),
            pc1["mx"].clone(),
            pc1["s"].clone(),
            pc1["a"].clone()
        ),
        (
            json!(2),
            json!(2),
            json!(100),
            json!(200),
            json!(300),
            json!(2.0)
        )
    );
    assert_eq!(pc1["first"], json!("2024-01-01T00:10:00Z"));
    let pc2 = &r.rows[1];
    assert_eq!(
        (pc2["mn"].clone(), pc2["s"].clone(), pc2["a"].clone()),
        (json!(50), json!(350), json!(0.5))
    );
    let pc3 = &r.rows[2];
    assert_eq!(
        (pc3["mn"].clone(), pc3["a"].clone()),
        (Value::Null, json!(4.0))
    );
    assert_eq!(
        schema("Events | summarize s = sum(Score), m = max(Score), set = make_set(User)")
            .into_iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        ["Double", "Double", "Dynamic"]
    );
    assert_eq!(
        column("Events | summarize make_set(User) by Host", "set_User"),
        [
            json!(["alice", "bob"]),
            json!(["alice", "bob"]),
            json!(["carol"])
        ]
    );
    let r = q("Events | summarize count() by bin(Timestamp, 1h)");
    assert_eq!(r.columns[0].name, "Timestamp");
    assert_eq!(
        r.rows
            .iter()
            .map(|r| (r["Timestamp"].clone(), r["count_"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("2024-01-01T00:00:00.0000000Z"), json!(2)),
            (json!("2024-01-01T01:00:00.0000000Z"), json!(1)),
            (json!("2024-01-01T02:00:00.0000000Z"), json!(1)),
            (json!("2024-01-02T00:00:00.0000000Z"), json!(1)),
        ]
    );
    let r = q("Events | summarize count(), dcount(Host), countif(Ok)");
    assert_eq!(r.rows[0]["count_"], json!(5));
    assert_eq!(r.rows[0]["dcount_Host"], json!(3));
    assert_eq!(r.rows[0]["countif_"], json!(3));
    assert_eq!(
        q("Events | where Host == 'none' | summarize count()").rows[0]["count_"],
        json!(0)
    );
    assert_eq!(
        count("Events | where Host == 'none' | summarize count() by Host"),
        0
    );
    assert_eq!(
        column("Events | summarize Total = sum(Bytes) by Host, User | where Total > 100 | project User", "User"),
        [json!("bob"), json!("alice")]
    );
}

#[test]
fn distinct_and_count() {
    assert_eq!(
        column("Events | distinct Host", "Host"),
        [json!("pc-01"), json!("pc-02"), json!("pc-03")]
    );
    assert_eq!(count("Events | distinct Host, User"), 5);
    assert_eq!(count("Events | project Host | distinct *"), 3);
    let r = q("Events | where Ok | count");
    assert_eq!(
        (r.columns[0].name.as_str(), r.rows[0]["Count"].clone()),
        ("Count", json!(3))
    );
}

#[test]
fn joins() {
    let r = q("Events | join kind=inner (Hosts) on Host");
    assert_eq!(r.rows.len(), 6);
    assert_eq!(r.columns.last().map(|c| c.name.as_str()), Some("Owner"));
    assert!(r.columns.iter().any(|c| c.name == "Host1"));
    let owners: Vec<(Value, Value)> = r
        .rows
        .iter()
        .map(|r| (r["Bytes"].clone(), r["Owner"].clone()))
        .collect();
    assert_eq!(
        owners,
        [
            (json!(100), json!("it")),
            (json!(100), json!("sec")),
            (json!(200), json!("it")),
            (json!(200), json!("sec")),
            (json!(300), json!("hr")),
            (json!(50), json!("hr")),
        ]
    );
    // Kusto's default kind (innerunique) keeps one left row per key.
    assert_eq!(count("Events | join (Hosts) on Host"), 3);
    assert_eq!(count("Events | join kind=innerunique Hosts on Host"), 3);
    let r = q("Events | join kind=leftouter (Hosts | where Owner != 'sec') on $left.Host == $right.Host | project Host, Owner");
    assert_eq!(
        r.rows
            .iter()
            .map(|r| r["Owner"].clone())
            .collect::<Vec<_>>(),
        [
            json!("it"),
            json!("it"),
            json!("hr"),
            Value::Null,
            json!("hr")
        ]
    );
    assert_eq!(
        count(
            "Hosts | join kind=inner (Events | where User == 'alice') on $right.Host == $left.Host"
        ),
        3
    );
}

#[test]
fn lets() {
    assert_eq!(count("let h = 'pc-02'; Events | where Host == h"), 2);
    assert_eq!(count("let since = datetime(2024-01-01T01:00:00Z);\nlet big = 100;\nEvents | where Timestamp >= since and Bytes > big"), 1);
    assert_eq!(
        count("let T = Events | where Ok; T | where Host == 'pc-01'"),
        1
    );
    assert_eq!(
        count("let T = (Events | where Ok); let U = Hosts; T | join kind=inner U on Host"),
        3
    );
    assert_eq!(
        count("let hosts = dynamic([\"pc-01\", \"pc-03\"]); Events | where Host in (hosts)"),
        3
    );
    assert_eq!(
        count("let w = 1h; Events | where Timestamp > ago(w * 24)"),
        3
    );
}

#[test]
fn window_and_row_cap() {
    let r = run_opts(
        "Events",
        Some(("2024-01-01T00:30:00Z", "2024-01-01T02:00:00Z")),
        100,
    )
    .unwrap();
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.scanned, 2);
    let r = run_opts(
        "Events | join kind=inner (Hosts) on Host",
        Some(("2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z")),
        100,
    )
    .unwrap();
    assert_eq!(r.rows.len(), 4);
    assert_eq!(run_opts("Events", None, 3).unwrap().rows.len(), 3);
}

#[test]
fn refusals_name_the_construct() {
    let e = err("Nope | take 1");
    assert!(
        e.contains("Failed to resolve table expression named 'Nope'"),
        "{e}"
    );
    let e = err("Events | where Nope == 1");
    assert!(
        e.contains("Failed to resolve scalar expression named 'Nope'"),
        "{e}"
    );
    for (query, word) in [
        ("Events | mv-expand Extra", "mv-expand"),
        ("Events | project-rename H = Host", "project-rename"),
        ("Events | join kind=fullouter (Hosts) on Host", "fullouter"),
        ("Events | summarize percentile(Bytes, 50)", "percentile"),
        ("Events | extend U = parse_url(Cmd)", "parse_url"),
        ("Events | where Bytes between (1 .. 2)", "between"),
        ("Events | where Cmd hasprefix 'p'", "hasprefix"),
        ("Events | parse Cmd with * 'x' y", "parse"),
        ("Events | evaluate bag_unpack(Extra)", "evaluate"),
        ("let f = (x: long) { x }; Events", "function"),
        (
            "Events | join kind=inner (Hosts) on $left.Host != $right.Host",
            "equality",
        ),
        ("search 'x'", "search"),
    ] {
        let e = err(query);
        assert!(e.contains(word), "{query}: {e}");
    }
    for query in [
        "",
        "Events | take",
        "Events | where",
        "Events | where Host ==",
        "Events | where (Host == 'a'",
        "Events | where Host == 'a",
        "Events | take -1",
        "Events | sort Host",
        "Events | where Timestamp > ago(99999999999999d)",
        "Events | where Cmd matches regex '('",
        "Events Hosts",
        "Events | project",
        "let x = 1 Events",
    ] {
        assert!(run_opts(query, None, 10).is_err(), "{query:?} should fail");
    }
}

#[test]
fn has_any_and_has_all() {
    assert_eq!(
        count("Events | where Cmd has_any ('whoami', 'NET', 'nothing')"),
        2
    );
    // Items may be dynamic arrays, literal or bound by `let`, as msticpy's queries write them.
    assert_eq!(
        count(r#"let tools = dynamic(["powershell", "user"]); Events | where Cmd has_any (tools)"#),
        3
    );
    // Terms, not substrings: 'power' is not a term of 'powershell.exe'.
    assert_eq!(count("Events | where Cmd has_any ('power')"), 0);
    assert_eq!(count("Events | where Cmd has_all ('powershell', 'enc')"), 1);
    assert_eq!(count("Events | where Cmd !has_any ('powershell')"), 3);
}

#[test]
fn pack_array_extract_and_dcountif() {
    assert_eq!(
        column(
            "Events | take 1 | extend A = pack_array(Host, Bytes) | project A",
            "A"
        ),
        [json!(["pc-01", 100])]
    );
    assert_eq!(
        schema("Events | extend A = pack_array(Host) | project A"),
        [("A".to_string(), "Dynamic".to_string())]
    );
    assert_eq!(
        column(
            r#"Events | extend Exe = extract(@"^(\w+)\.exe", 1, Cmd) | project Exe"#,
            "Exe"
        ),
        [
            json!("powershell"),
            json!("cmd"),
            json!(""),
            json!(""),
            json!("net")
        ]
    );
    assert!(err("Events | extend X = extract(Cmd, 1, Cmd)").contains("extract"));
    assert_eq!(
        column(
            "Events | summarize N = dcountif(User, Ok == true), D = dcount(User, 2)",
            "N"
        ),
        [json!(2)]
    );
    assert_eq!(
        schema("Events | summarize dcountif(User, Bytes > 100) by Host")[1],
        ("dcountif_User".to_string(), "Int64".to_string())
    );
}

#[test]
fn project_away_wildcards() {
    assert_eq!(
        schema("Hosts | project-away Own*")
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>(),
        ["Host"]
    );
    let names: Vec<String> = schema("Events | project-away *s*, Ok")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    // Names compare case-sensitively: `Score` has no lowercase 's'.
    assert_eq!(names, ["Score", "Cmd", "Extra"]);
    // msticpy drops the right side's duplicate columns of a join with `*1`.
    let names: Vec<String> = schema("Events | join kind=inner (Hosts) on Host | project-away *1")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names.last().map(String::as_str), Some("Owner"));
    assert!(!names.iter().any(|n| n.ends_with('1')), "{names:?}");
    // A wildcard may match nothing; a plain name must exist.
    assert_eq!(schema("Hosts | project-away Nope*").len(), 2);
    assert!(err("Hosts | project-away Nope").contains("Nope"));
}

#[test]
fn documented_tables_exist_when_empty() {
    // The test tables hold no DeviceEvents; the documented schema answers, with no rows.
    assert_eq!(count("DeviceEvents | where ActionType == 'x'"), 0);
    assert_eq!(
        count("let e = DeviceEvents | where ActionType has_any ('a'); e | take 5"),
        0
    );
    assert_eq!(
        schema("DeviceEvents | project ActionType, RemoteUrl").len(),
        2
    );
    assert!(err("DeviceEventz").contains("DeviceEventz"));
}

#[test]
fn semi_and_anti_joins_makeset_and_iff() {
    // Events' hosts: pc-01 x2, pc-02 x2, pc-03; Hosts': pc-01 x2, pc-02, pc-04.
    assert_eq!(count("Events | join kind=leftsemi (Hosts) on Host"), 4);
    assert_eq!(count("Events | join kind=leftanti (Hosts) on Host"), 1);
    assert_eq!(count("Events | join kind=rightsemi (Hosts) on Host"), 3);
    assert_eq!(
        column("Events | join kind=rightanti (Hosts) on Host", "Owner"),
        [json!("ops")]
    );
    assert_eq!(
        schema("Events | join kind=rightsemi (Hosts) on Host").len(),
        2
    );
    assert_eq!(
        column(
            "Events | summarize S = makeset(Host, 5) by User | where User == 'bob'",
            "S"
        ),
        [json!(["pc-01", "pc-02"])]
    );
    assert_eq!(
        column(
            "Events | extend Big = iff(Bytes >= 200, 'big', 'small') | project Big",
            "Big"
        ),
        [
            json!("small"),
            json!("big"),
            json!("big"),
            json!("small"),
            json!("small")
        ]
    );
}

#[test]
fn json_functions_and_typeof() {
    assert_eq!(
        column(
            r#"Events | extend A = extractjson("$.a", Extra, typeof(long)) | project A"#,
            "A"
        ),
        [json!(1), json!(null), json!(null), json!(null), json!(null)]
    );
    assert_eq!(
        schema(r#"Events | extend A = extractjson("$.a", Extra, typeof(long)) | project A"#),
        [("A".to_string(), "Int64".to_string())]
    );
    // Without a type the value comes back as text; paths index arrays and quoted names.
    assert_eq!(
        column(
            r#"Events | where Host == "pc-03" | extend B = extract_json("$['b'][1]", Extra) | project B"#,
            "B"
        ),
        [json!("2")]
    );
    assert_eq!(
        column(
            r#"Events | take 1 | extend J = parse_json('{"x": [1, 2]}') | project J"#,
            "J"
        ),
        [json!({"x": [1, 2]})]
    );
    assert_eq!(
        schema("Events | extend J = todynamic(Cmd) | project J"),
        [("J".to_string(), "Dynamic".to_string())]
    );
}

#[test]
fn arg_max_arg_min_and_tuple_names() {
    let q = "Events | summarize arg_max(Bytes, User) by Host | order by Host asc";
    assert_eq!(
        schema(q).into_iter().map(|(n, _)| n).collect::<Vec<_>>(),
        ["Host", "Bytes", "User"]
    );
    assert_eq!(
        column(q, "User"),
        [json!("bob"), json!("alice"), json!(null)]
    );
    assert_eq!(
        column(
            "Events | summarize (Least, Who) = arg_min(Bytes, User) by Host | order by Host asc",
            "Who"
        ),
        [json!("alice"), json!("bob"), json!(null)]
    );
    // The deprecated spelling names its columns max_X and max_X_Y.
    assert_eq!(
        schema("Events | summarize argmax(Bytes, User)")
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>(),
        ["max_Bytes", "max_Bytes_User"]
    );
    // `*` brings the winning row's other columns, leaving out the group key.
    let names: Vec<String> = schema("Events | summarize arg_max(Timestamp, *) by Host")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names[..2], ["Host".to_string(), "Timestamp".to_string()]);
    assert_eq!(names.iter().filter(|n| *n == "Host").count(), 1);
    assert!(err("Events | summarize (A, B) = count()").contains("arg_max"));
}
