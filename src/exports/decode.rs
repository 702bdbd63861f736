//! Export files (gzip JSON Lines) to typed Arrow record batches, decompressed as a stream.
//!
//! Each file is decoded by arrow-json's reader against a schema spelled the way that file
//! spells its keys (the files' PascalCase, the JSON flavour's camelCase); the batches then carry
//! the one spelling of [`mdekit_core::api::exports::column_name`]. Documented columns get their
//! documented type (timestamps as `timestamp[us, +00:00]`, from either spelling the service
//! writes: `2021-01-11 11:01:00.1234567` and `2021-01-11T11:01:00Z`); columns the docs do not
//! list, and nested objects, get the type arrow-json infers from the first lines of the first
//! file. All files of one export share the schema of the first one decoded: a column only a
//! later file has is dropped, a documented column a file lacks is null.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::{Arc, Mutex};

use arrow_array::{new_null_array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use mdekit_core::api::exports::{column_name, Assessment};

/// Lines read to discover a file's keys and infer the undocumented columns' types.
const SAMPLE_LINES: usize = 200;

#[derive(Clone, Copy)]
enum Ty {
    Str,
    I64,
    F64,
    Bool,
    Ts,
    StrList,
    /// Nested or undocumented shape: inferred from the data.
    Infer,
}

fn data_type(t: Ty) -> Option<DataType> {
    Some(match t {
        Ty::Str => DataType::Utf8,
        Ty::I64 => DataType::Int64,
        Ty::F64 => DataType::Float64,
        Ty::Bool => DataType::Boolean,
        // An offset, not a zone name: arrow parses zone names only with chrono-tz.
        Ty::Ts => DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())),
        Ty::StrList => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        Ty::Infer => return None,
    })
}

const DEVICE: &[(&str, Ty)] = &[
    ("deviceId", Ty::Str),
    ("deviceName", Ty::Str),
    ("rbacGroupId", Ty::I64),
    ("rbacGroupName", Ty::Str),
];

/// The documented columns of an assessment (mde-api-rest.md §5.4-5.13, §6), after the device
/// columns every row has.
fn documented(a: Assessment) -> &'static [(&'static str, Ty)] {
    use Ty::*;
    match a {
        Assessment::SoftwareVulnerabilities => &[
            ("id", Str),
            ("osPlatform", Str),
            ("osVersion", Str),
            ("osArchitecture", Str),
            ("softwareVendor", Str),
            ("softwareName", Str),
            ("softwareVersion", Str),
            ("cveId", Str),
            ("cvssScore", F64),
            ("vulnerabilitySeverityLevel", Str),
            ("recommendedSecurityUpdate", Str),
            ("recommendedSecurityUpdateId", Str),
            ("recommendedSecurityUpdateUrl", Str),
            ("diskPaths", StrList),
            ("registryPaths", StrList),
            ("lastSeenTimestamp", Ts),
            ("firstSeenTimestamp", Ts),
            ("exploitabilityLevel", Str),
            ("recommendationReference", Str),
            ("securityUpdateAvailable", Bool),
        ],
        Assessment::SecureConfigurations => &[
            ("osPlatform", Str),
            ("osVersion", Str),
            ("timestamp", Ts),
            ("configurationId", Str),
            ("configurationCategory", Str),
            ("configurationSubcategory", Str),
            ("configurationImpact", F64),
            ("isCompliant", Bool),
            ("isApplicable", Bool),
            ("isExpectedUserImpact", Bool),
            ("configurationName", Str),
            ("recommendationReference", Str),
        ],
        Assessment::SoftwareInventory => &[
            ("osPlatform", Str),
            ("softwareVendor", Str),
            ("softwareName", Str),
            ("softwareVersion", Str),
            ("numberOfWeaknesses", I64),
            ("diskPaths", StrList),
            ("registryPaths", StrList),
            ("softwareFirstSeenTimestamp", Ts),
            ("endOfSupportStatus", Str),
            ("endOfSupportDate", Ts),
        ],
        Assessment::NonCpeSoftware => &[
            ("osPlatform", Str),
            ("softwareVendor", Str),
            ("softwareName", Str),
            ("softwareVersion", Str),
            ("softwareLastSeenTimestamp", Ts),
        ],
        Assessment::BrowserExtensions => &[
            ("installationTime", Ts),
            ("browserName", Str),
            ("extensionId", Str),
            ("extensionName", Str),
            ("extensionDescription", Str),
            ("extensionVersion", Str),
            ("extensionRisk", Str),
            ("isActivated", Bool),
            ("permissions", Infer),
        ],
        Assessment::Certificates => &[
            ("thumbprint", Str),
            ("path", Str),
            ("signatureAlgorithm", Str),
            ("keyLength", I64),
            ("notAfter", Ts),
            ("notBefore", Ts),
            ("subjectType", Str),
            ("serialNumber", Str),
            ("subjectObject", Infer),
            ("issuerObject", Infer),
            ("keyUsageArray", StrList),
            ("extendedKeyUsageArray", StrList),
            ("isSelfSigned", Bool),
        ],
        Assessment::SecurityBaselines => &[
            ("id", Str),
            ("configurationId", Str),
            ("profileId", Str),
            ("osPlatform", Str),
            ("osVersion", Str),
            ("isApplicable", Bool),
            ("isCompliant", Bool),
            ("dataCollectionTimeOffset", Ts),
            ("complianceCalculationTimeOffset", Ts),
            ("recommendedValue", StrList),
            ("currentValue", StrList),
            ("source", StrList),
        ],
        Assessment::HardwareFirmware => &[
            ("componentType", Str),
            ("manufacturer", Str),
            ("componentName", Str),
            ("componentVersion", Str),
            ("additionalFields", Str),
        ],
        Assessment::InformationGathering | Assessment::DeviceAvHealth => &[
            ("osPlatform", Str),
            ("lastSeenTime", Ts),
            ("deviceGatheredInfo", Infer),
        ],
    }
}

fn documented_type(a: Assessment, name: &str) -> Option<Option<DataType>> {
    DEVICE
        .iter()
        .chain(documented(a))
        .find(|(n, _)| *n == name)
        .map(|(_, t)| data_type(*t))
}

fn err(file: &str, e: impl std::fmt::Display) -> String {
    format!("export file {file}: {e}")
}

/// The schema every file of one export is decoded to, fixed by the first file.
#[derive(Default)]
pub struct SharedSchema(Mutex<Option<SchemaRef>>);

impl SharedSchema {
    #[cfg(test)]
    pub fn get(&self) -> Option<SchemaRef> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The export's schema: the one already fixed, or the one `file_keys` and `sample` give.
    fn fix(
        &self,
        a: Assessment,
        file_keys: &[(String, String)],
        sample: &[serde_json::Value],
    ) -> Result<SchemaRef, String> {
        let mut lock = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = lock.as_ref() {
            return Ok(s.clone());
        }
        let inferred = arrow_json::reader::infer_json_schema_from_iterator(
            sample
                .iter()
                .map(|v| Ok::<_, arrow_schema::ArrowError>(v.clone())),
        )
        .map_err(|e| e.to_string())?;
        let inferred_type = |file_key: &str| -> DataType {
            match inferred
                .field_with_name(file_key)
                .map(|f| f.data_type().clone())
            {
                Ok(DataType::Null) | Err(_) => DataType::Utf8,
                Ok(t) => t,
            }
        };
        let type_of = |name: &str| -> DataType {
            let file_key = file_keys
                .iter()
                .find(|(_, c)| c == name)
                .map(|(f, _)| f.as_str());
            match (documented_type(a, name), file_key) {
                (Some(Some(t)), _) => t,
                (_, Some(k)) => inferred_type(k),
                _ => DataType::Utf8,
            }
        };
        let mut fields: Vec<Field> = Vec::new();
        let push = |name: &str, fields: &mut Vec<Field>| {
            if !fields.iter().any(|f| f.name() == name) {
                fields.push(Field::new(name, type_of(name), true));
            }
        };
        // Documented columns first, in the documented order, then the rest as the file has them.
        for (name, _) in DEVICE.iter().chain(documented(a)) {
            push(name, &mut fields);
        }
        for (_, canonical) in file_keys {
            push(canonical, &mut fields);
        }
        let schema = Arc::new(Schema::new(fields));
        *lock = Some(schema.clone());
        Ok(schema)
    }
}

/// The keys of the sample rows in order of first appearance, with their one spelling.
fn keys_of(sample: &[serde_json::Value]) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = Vec::new();
    for row in sample {
        if let serde_json::Value::Object(m) = row {
            for k in m.keys() {
                if !keys.iter().any(|(f, _)| f == k) {
                    keys.push((k.clone(), column_name(k).into_owned()));
                }
            }
        }
    }
    keys
}

/// Decodes one export file (`gz`, gzip JSON Lines) into batches of up to `batch_rows` rows with
/// the export's shared schema, handing each to `sink` as it is built (a `false` from `sink`
/// stops early). Memory: the compressed bytes, a 64 KiB decompression buffer and one batch.
pub fn decode_file(
    gz: &[u8],
    name: &str,
    a: Assessment,
    schema: &SharedSchema,
    batch_rows: usize,
    mut sink: impl FnMut(RecordBatch) -> bool,
) -> Result<usize, String> {
    let open = || BufReader::with_capacity(64 * 1024, flate2::read::GzDecoder::new(gz));
    let mut sample = Vec::new();
    for line in open().lines().take(SAMPLE_LINES) {
        let line = line.map_err(|e| err(name, format!("not gzip JSON Lines: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        sample.push(
            serde_json::from_str::<serde_json::Value>(&line)
                .map_err(|e| err(name, format!("a line is not JSON: {e}")))?,
        );
    }
    if sample.is_empty() {
        return Ok(0);
    }
    let file_keys = keys_of(&sample);
    let out = schema
        .fix(a, &file_keys, &sample)
        .map_err(|e| err(name, e))?;
    // The reader's schema: the output columns this file has, spelled the way it spells them.
    let mut reader_fields = Vec::new();
    let mut positions: HashMap<&str, usize> = HashMap::new();
    for (file_key, canonical) in &file_keys {
        if let Ok(f) = out.field_with_name(canonical) {
            if positions.contains_key(canonical.as_str()) {
                continue;
            }
            positions.insert(canonical.as_str(), reader_fields.len());
            reader_fields.push(Field::new(file_key, f.data_type().clone(), true));
        }
    }
    let reader = arrow_json::ReaderBuilder::new(Arc::new(Schema::new(reader_fields)))
        .with_batch_size(batch_rows.max(1))
        .with_strict_mode(false)
        .with_coerce_primitive(true)
        .build(open())
        .map_err(|e| err(name, e))?;
    let mut rows = 0;
    for batch in reader {
        let batch = batch.map_err(|e| err(name, e))?;
        let n = batch.num_rows();
        let columns: Vec<ArrayRef> = out
            .fields()
            .iter()
            .map(|f| match positions.get(f.name().as_str()) {
                Some(&i) => batch.column(i).clone(),
                None => new_null_array(f.data_type(), n),
            })
            .collect();
        let batch = RecordBatch::try_new(out.clone(), columns).map_err(|e| err(name, e))?;
        rows += n;
        if !sink(batch) {
            break;
        }
    }
    Ok(rows)
}

/// Decodes one export file into JSON rows (the dicts of `for row in export`), keys in the one
/// spelling, values as the file has them; `sink` gets up to `chunk` rows at a time.
pub fn decode_rows(
    gz: &[u8],
    name: &str,
    chunk: usize,
    mut sink: impl FnMut(Vec<serde_json::Value>) -> bool,
) -> Result<usize, String> {
    let mut reader = BufReader::with_capacity(64 * 1024, flate2::read::GzDecoder::new(gz));
    let mut line = String::new();
    let mut out = Vec::with_capacity(chunk);
    let mut rows = 0;
    loop {
        line.clear();
        let n = reader
            .by_ref()
            .read_line(&mut line)
            .map_err(|e| err(name, format!("not gzip JSON Lines: {e}")))?;
        if n == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| err(name, format!("a line is not JSON: {e}")))?;
        let v = match v {
            serde_json::Value::Object(m) => serde_json::Value::Object(
                m.into_iter()
                    .map(|(k, v)| (column_name(&k).into_owned(), v))
                    .collect(),
            ),
            other => other,
        };
        out.push(v);
        rows += 1;
        if out.len() >= chunk && !sink(std::mem::replace(&mut out, Vec::with_capacity(chunk))) {
            return Ok(rows);
        }
    }
    if !out.is_empty() {
        sink(out);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use std::io::Write;

    fn gz(lines: &[&str]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for l in lines {
            e.write_all(l.as_bytes()).unwrap();
            e.write_all(b"\n").unwrap();
        }
        e.finish().unwrap()
    }

    #[test]
    fn both_casings_and_both_timestamp_spellings_meet_in_one_schema() {
        let schema = SharedSchema::default();
        let a = Assessment::SoftwareVulnerabilities;
        let file = gz(&[
            r#"{"DeviceId":"d1","OSPlatform":"W","CvssScore":7.5,"FirstSeenTimestamp":"2021-01-11T11:01:00.1234567Z","DiskPaths":["C:\\a"],"NewColumn":3}"#,
        ]);
        let mut batches = Vec::new();
        decode_file(&file, "f1", a, &schema, 10, |b| {
            batches.push(b);
            true
        })
        .unwrap();
        let json = gz(&[
            r#"{"deviceId":"d2","osPlatform":"L","cvssScore":"5","firstSeenTimestamp":"2021-01-11 11:01:00","newColumn":4}"#,
        ]);
        decode_file(&json, "f2", a, &schema, 10, |b| {
            batches.push(b);
            true
        })
        .unwrap();
        let s = schema.get().unwrap();
        assert_eq!(batches[0].schema(), s);
        assert_eq!(batches[1].schema(), s);
        assert!(s.field_with_name("osPlatform").is_ok());
        assert!(s.field_with_name("newColumn").is_ok());
        let ts = |b: &RecordBatch| {
            b.column_by_name("firstSeenTimestamp")
                .unwrap()
                .as_any()
                .downcast_ref::<arrow_array::TimestampMicrosecondArray>()
                .unwrap()
                .value(0)
        };
        assert_eq!(ts(&batches[0]), 1_610_362_860_123_456);
        assert_eq!(ts(&batches[1]), 1_610_362_860_000_000);
        let score = batches[1]
            .column_by_name("cvssScore")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .unwrap()
            .value(0);
        assert_eq!(score, 5.0);
        assert!(batches[1].column_by_name("cveId").unwrap().is_null(0));
    }

    #[test]
    fn rows_are_renamed() {
        let file = gz(&[r#"{"DeviceId":"d1","KeySize":2048}"#, ""]);
        let mut rows = Vec::new();
        decode_rows(&file, "f", 10, |r| {
            rows.extend(r);
            true
        })
        .unwrap();
        assert_eq!(
            rows,
            vec![serde_json::json!({"deviceId":"d1","keyLength":2048})]
        );
    }
}
