//! The entity declarations agree with the catalogue: every paged list names its entity, each
//! entity is listed once in `ENTITIES`, property names are unique at every level, and what an
//! operation filters or expands on is a declared property.

use std::collections::HashSet;

use mdekit_spec::{
    Entity, Method, ODataOption, Operation, Property, ValueType, CATALOGUE, ENTITIES,
};

/// Paged lists (`max_top` or `$top`) that return no entity, and why.
const WITHOUT_ENTITY: &[(&str, &str)] = &[];

fn paged(op: &Operation) -> bool {
    op.max_top.is_some() || (op.method == Method::Get && op.odata.contains(&ODataOption::Top))
}

#[test]
fn every_paged_list_has_an_entity() {
    let allowed: HashSet<&str> = WITHOUT_ENTITY.iter().map(|(id, _)| *id).collect();
    let missing: Vec<&str> = CATALOGUE
        .iter()
        .filter(|op| paged(op) && op.entity.is_none() && !allowed.contains(op.id))
        .map(|op| op.id)
        .collect();
    assert!(
        missing.is_empty(),
        "paged lists without an entity: {missing:?}"
    );
    for (id, why) in WITHOUT_ENTITY {
        let op = CATALOGUE.iter().find(|o| o.id == *id).expect(id);
        assert!(
            op.entity.is_none(),
            "{id} has an entity now; drop it from WITHOUT_ENTITY"
        );
        assert!(!why.is_empty());
    }
}

#[test]
fn state_changing_operations_have_no_entity() {
    for op in CATALOGUE.iter().filter(|o| o.state_changing) {
        assert!(
            op.entity.is_none(),
            "{} changes state but names an entity",
            op.id
        );
    }
}

fn same(a: &Entity, b: &Entity) -> bool {
    std::ptr::eq(a, b) || a == b
}

#[test]
fn every_entity_is_listed_once() {
    for op in CATALOGUE {
        if let Some(e) = op.entity {
            assert!(
                ENTITIES.iter().any(|x| same(x, e)),
                "{}'s entity {} is not in ENTITIES",
                op.id,
                e.name
            );
        }
    }
    let mut names = HashSet::new();
    for e in ENTITIES {
        assert!(names.insert(e.name), "{} is listed twice", e.name);
        assert!(
            e.doc.starts_with("https://learn.microsoft.com/"),
            "{}: doc {}",
            e.name,
            e.doc
        );
        assert!(!e.properties.is_empty(), "{} has no properties", e.name);
        assert!(
            CATALOGUE
                .iter()
                .any(|op| op.entity.is_some_and(|x| same(x, e))),
            "{} is returned by no operation",
            e.name
        );
    }
}

/// Unique, non-empty names at every level of `props`.
fn check_names(props: &[Property], at: &str) {
    let mut seen = HashSet::new();
    for p in props {
        assert!(!p.name.is_empty(), "{at}: an empty property name");
        assert!(seen.insert(p.name), "{at}: {} is declared twice", p.name);
        check_type(&p.ty, &format!("{at}.{}", p.name));
    }
}

fn check_type(ty: &ValueType, at: &str) {
    match ty {
        ValueType::List(inner) => check_type(inner, &format!("{at}[]")),
        ValueType::Struct(props) => {
            assert!(!props.is_empty(), "{at}: an empty struct");
            check_names(props, at);
        }
        _ => {}
    }
}

#[test]
fn property_names_are_unique_at_every_level() {
    for e in ENTITIES {
        check_names(e.properties, e.name);
    }
}

#[test]
fn filterable_and_expandable_properties_are_declared() {
    for op in CATALOGUE {
        let Some(e) = op.entity else { continue };
        for f in op.filterable {
            assert!(
                e.property(f.name).is_some(),
                "{} filters on {}, which {} does not declare",
                op.id,
                f.name,
                e.name
            );
        }
        for x in op.expandable {
            let p = e.property(x).unwrap_or_else(|| {
                panic!("{} expands {x}, which {} does not declare", op.id, e.name)
            });
            assert!(
                matches!(p.ty, ValueType::List(_) | ValueType::Struct(_)),
                "{}: expandable {x} is not a collection or a complex type",
                op.id
            );
        }
    }
}

#[test]
fn the_alert_entity_is_as_documented() {
    let alert = mdekit_spec::ALERTS_LIST.entity.unwrap();
    assert_eq!(alert.name, "Alert");
    assert_eq!(alert.property("incidentId").unwrap().ty, ValueType::Int64);
    assert!(matches!(
        alert.property("evidence").unwrap().ty,
        ValueType::List(ValueType::Struct(_))
    ));
    // The machine-scoped and pivot lists return the same Alert.
    for op in [
        &mdekit_spec::MACHINES_ALERTS,
        &mdekit_spec::FILES_ALERTS,
        &mdekit_spec::USERS_ALERTS,
    ] {
        assert!(same(op.entity.unwrap(), alert), "{}", op.id);
    }
}
