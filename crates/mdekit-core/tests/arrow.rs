//! `mdekit_core::arrow`: hunting results and entity lists as typed record batches, as a Rust user
//! of the core gets them (feature `arrow`).
#![cfg(feature = "arrow")]

use arrow_array::{Array, BooleanArray, Float64Array, Int32Array, Int64Array, StringArray};
use arrow_array::{RecordBatch, TimestampNanosecondArray};
use arrow_schema::{DataType, TimeUnit};
use mdekit_core::arrow::{entities_batch, hunting_batch, KUSTO_TYPE_KEY};
use mdekit_core::ErrorKind;
use serde_json::json;

fn col<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
    b.column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .as_any()
        .downcast_ref::<T>()
        .unwrap_or_else(|| panic!("column {name} has another type"))
}

#[test]
fn hunting_pages_become_one_typed_batch() {
    let schema = [
        ("Timestamp", "DateTime"),
        ("DeviceName", "String"),
        ("Count", "Int64"),
        ("Port", "Int32"),
        ("Score", "Real"),
        ("IsLocal", "Boolean"),
        ("AdditionalFields", "Dynamic"),
    ];
    let page1 = bytes::Bytes::from(
        json!({"Schema": [], "Results": [
            {"Timestamp": "2024-01-02T03:04:05.1234567Z", "DeviceName": "pc-1", "Count": 3,
             "Port": 443, "Score": 0.5, "IsLocal": true, "AdditionalFields": {"a": [1, 2]}},
        ]})
        .to_string(),
    );
    let page2 = bytes::Bytes::from(
        json!({"Schema": [], "Results": [
            // The service's 0001-01-01 placeholder does not fit timestamp[ns]: null.
            {"Timestamp": "0001-01-01T00:00:00Z", "DeviceName": null, "Count": "7",
             "Unlisted": 1},
        ]})
        .to_string(),
    );
    let b = hunting_batch(&schema, &[page1, page2]).unwrap();
    assert_eq!(b.num_rows(), 2);
    let batch_schema = b.schema();
    let names: Vec<&str> = batch_schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(names, schema.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    assert_eq!(
        b.schema().field(0).data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    );
    let ts = col::<TimestampNanosecondArray>(&b, "Timestamp");
    assert_eq!(ts.value(0), 1_704_164_645_123_456_700);
    assert!(ts.is_null(1));
    assert_eq!(col::<StringArray>(&b, "DeviceName").value(0), "pc-1");
    assert!(col::<StringArray>(&b, "DeviceName").is_null(1));
    assert_eq!(col::<Int64Array>(&b, "Count").values(), &[3, 7]);
    assert_eq!(col::<Int32Array>(&b, "Port").value(0), 443);
    assert!(col::<Int32Array>(&b, "Port").is_null(1));
    assert_eq!(col::<Float64Array>(&b, "Score").value(0), 0.5);
    assert!(col::<BooleanArray>(&b, "IsLocal").value(0));
    let dynamic = col::<StringArray>(&b, "AdditionalFields");
    assert_eq!(dynamic.value(0), r#"{"a":[1,2]}"#);
    let field = b
        .schema()
        .field_with_name("AdditionalFields")
        .unwrap()
        .clone();
    assert_eq!(
        field.metadata().get(KUSTO_TYPE_KEY).map(String::as_str),
        Some("Dynamic")
    );
}

#[test]
fn a_body_that_is_not_a_hunting_result_is_a_decode_error() {
    let err =
        hunting_batch(&[("A", "String")], &[bytes::Bytes::from_static(b"[1, 2")]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
}

#[test]
fn entities_get_inferred_columns() {
    let items = vec![
        json!({"id": "da1", "severity": "High", "incidentId": 7,
               "alertCreationTime": "2024-05-01T10:00:00Z", "evidence": [], "score": 1}),
        json!({"id": "da2", "severity": null, "incidentId": 8,
               "alertCreationTime": "2024-05-01T11:00:00.5Z", "evidence": [{"x": 1}],
               "score": 2.5, "late": true}),
    ];
    let b = entities_batch(&items).unwrap();
    assert_eq!(b.num_rows(), 2);
    let batch_schema = b.schema();
    let names: Vec<&str> = batch_schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        [
            "id",
            "severity",
            "incidentId",
            "alertCreationTime",
            "evidence",
            "score",
            "late"
        ]
    );
    assert_eq!(col::<Int64Array>(&b, "incidentId").values(), &[7, 8]);
    assert!(col::<StringArray>(&b, "severity").is_null(1));
    assert_eq!(
        col::<TimestampNanosecondArray>(&b, "alertCreationTime").value(1),
        1_714_561_200_500_000_000
    );
    assert_eq!(col::<StringArray>(&b, "evidence").value(1), r#"[{"x":1}]"#);
    // Integers and floats together are float64.
    assert_eq!(col::<Float64Array>(&b, "score").values(), &[1.0, 2.5]);
    assert!(col::<BooleanArray>(&b, "late").is_null(0));

    let err = entities_batch(&[json!([1])]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(entities_batch(&[]).unwrap().num_rows(), 0);
}
