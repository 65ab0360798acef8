//! `ClassicGroupTest` (apache/kafka group-coordinator, 4.0): state transitions,
//! protocol selection and `testValidateOffsetCommit`, step by step.

use super::GroupState::*;
use super::*;
use crate::sim::messages::ClientNodeId;

fn member(id: &str, instance: Option<&str>, protocols: &[&str]) -> Member {
    Member {
        member_id: id.into(),
        group_instance_id: instance.map(str::to_string),
        client: NodeId::Client(ClientNodeId(0)),
        session_timeout_ms: 10_000,
        rebalance_timeout_ms: 30_000,
        protocol_type: "consumer".into(),
        protocols: protocols
            .iter()
            .map(|p| JoinProtocol { name: p.to_string(), metadata: ProtocolSubscription::default() })
            .collect(),
        assignment: Vec::new(),
        awaiting_join: false,
        awaiting_sync: false,
    }
}

fn in_state(s: GroupState) -> ClassicGroup {
    let mut g = ClassicGroup::new("groupId");
    g.state = s;
    g
}

#[test]
fn can_rebalance_only_from_stable_completing_or_empty() {
    assert!(in_state(Stable).can_rebalance());
    assert!(in_state(CompletingRebalance).can_rebalance());
    assert!(in_state(Empty).can_rebalance());
    assert!(!in_state(PreparingRebalance).can_rebalance());
    assert!(!in_state(Dead).can_rebalance());
}

#[test]
fn legal_transitions() {
    // testEmptyToPreparingRebalanceTransition, testPreparingRebalanceToCompletingRebalanceTransition,
    // testCompletingRebalanceToStableTransition, testStableToPreparingRebalanceTransition,
    // testPreparingRebalanceToEmptyTransition, testCompletingRebalanceToPreparingRebalanceTransition.
    let mut g = ClassicGroup::new("g");
    for to in [PreparingRebalance, CompletingRebalance, Stable, PreparingRebalance, Empty, PreparingRebalance] {
        assert_eq!(g.transition_to(to), Ok(()), "→ {to:?}");
    }
    g.transition_to(CompletingRebalance).unwrap();
    assert_eq!(g.transition_to(PreparingRebalance), Ok(()));
    for from in [Stable, PreparingRebalance, CompletingRebalance, Empty, Dead] {
        assert_eq!(in_state(from).transition_to(Dead), Ok(()), "{from:?} → Dead");
    }
}

#[test]
fn illegal_transitions() {
    // testEmptyToStableIllegalTransition, testPreparingRebalanceToPreparingRebalanceIllegalTransition,
    // testPreparingRebalanceToStableIllegalTransition, testStableToStableIllegalTransition,
    // testCompletingRebalanceToCompletingRebalanceIllegalTransition, testDeadToXIllegalTransition.
    let cases = [
        (Empty, Stable),
        (Empty, CompletingRebalance),
        (Empty, Empty),
        (PreparingRebalance, PreparingRebalance),
        (PreparingRebalance, Stable),
        (Stable, Stable),
        (Stable, CompletingRebalance),
        (Stable, Empty),
        (CompletingRebalance, CompletingRebalance),
        (CompletingRebalance, Empty),
        (Dead, Stable),
        (Dead, PreparingRebalance),
        (Dead, CompletingRebalance),
        (Dead, Empty),
    ];
    for (from, to) in cases {
        let mut g = in_state(from);
        assert_eq!(g.transition_to(to), Err(IllegalTransition { from, to }));
        assert_eq!(g.state, from, "state unchanged");
    }
}

#[test]
fn init_next_generation() {
    let mut g = ClassicGroup::new("g");
    g.transition_to(PreparingRebalance).unwrap();
    g.add_member(member("m", None, &["roundrobin"]));
    assert_eq!((g.generation, g.protocol_name.clone()), (0, None));
    g.init_next_generation();
    assert_eq!((g.generation, g.protocol_name.as_deref(), g.state), (1, Some("roundrobin"), CompletingRebalance));
}

#[test]
fn init_next_generation_without_members_goes_empty() {
    let mut g = ClassicGroup::new("g");
    g.transition_to(PreparingRebalance).unwrap();
    g.init_next_generation();
    assert_eq!((g.generation, g.state), (1, Empty));
}

#[test]
fn select_protocol() {
    let mut g = ClassicGroup::new("g");
    g.add_member(member("a", None, &["range", "roundrobin"]));
    g.add_member(member("b", None, &["roundrobin", "range"]));
    let tie = g.select_protocol().unwrap();
    assert!(tie == "range" || tie == "roundrobin");
    g.add_member(member("c", None, &["roundrobin", "range"]));
    assert_eq!(g.select_protocol().as_deref(), Some("roundrobin"));
}

#[test]
fn select_protocol_chooses_compatible_protocol() {
    let mut g = ClassicGroup::new("g");
    g.add_member(member("a", None, &["range", "roundrobin"]));
    g.add_member(member("b", None, &["roundrobin", "foo"]));
    assert_eq!(g.select_protocol().as_deref(), Some("roundrobin"));
}

fn protocols(names: &[&str]) -> Vec<JoinProtocol> {
    member("x", None, names).protocols
}

/// `testSupportsProtocols`, plus the protocol type and the Empty-group rule
/// (`testClassicGroupJoinInconsistentProtocolType`, `testJoinGroupWithEmptyProtocolType`,
/// `testJoinGroupWithEmptyGroupProtocol`).
#[test]
fn supports_protocols() {
    let mut g = ClassicGroup::new("groupId");
    // An Empty group supports everything that names a type and a protocol.
    assert!(g.supports_protocols("consumer", &protocols(&["range", "roundrobin"])));
    assert!(g.supports_protocols("connect", &protocols(&["foo"])));
    assert!(!g.supports_protocols("", &protocols(&["range"])));
    assert!(!g.supports_protocols("consumer", &[]));
    g.add_member(member("member-id", None, &["range", "roundrobin"]));
    g.transition_to(PreparingRebalance).unwrap();
    assert_eq!(g.protocol_type.as_deref(), Some("consumer"), "the first member sets the type");
    assert!(g.supports_protocols("consumer", &protocols(&["roundrobin", "foo"])));
    assert!(g.supports_protocols("consumer", &protocols(&["range", "bar"])));
    assert!(!g.supports_protocols("consumer", &protocols(&["foo", "bar"])));
    assert!(!g.supports_protocols("connect", &protocols(&["range"])), "another protocol type");
    // A protocol must be supported by every member.
    g.add_member(member("other", None, &["roundrobin"]));
    assert!(!g.supports_protocols("consumer", &protocols(&["range"])));
    assert!(g.supports_protocols("consumer", &protocols(&["range", "roundrobin"])));
}

#[test]
fn leader_is_first_member_and_moves_on_removal() {
    let mut g = ClassicGroup::new("g");
    g.add_member(member("b", None, &["range"]));
    g.add_member(member("a", None, &["range"]));
    assert_eq!(g.leader.as_deref(), Some("b"));
    g.remove_member("b");
    assert_eq!(g.leader.as_deref(), Some("a"));
}

/// `testValidateOffsetCommit`, step by step.
#[test]
fn validate_offset_commit() {
    let mut g = ClassicGroup::new("groupId");
    // A simple (admin) commit to an empty group is accepted.
    assert_eq!(g.validate_offset_commit("", Some(""), -1, false), Ok(()));
    g.add_member(member("member-id", Some("instance-id"), &["range"]));
    g.transition_to(PreparingRebalance).unwrap();
    g.init_next_generation();
    assert_eq!((g.generation, g.state), (1, CompletingRebalance));
    assert_eq!(g.validate_offset_commit("", Some(""), -1, false), Err(ErrorCode::UnknownMemberId));
    assert_eq!(g.validate_offset_commit("", None, -1, true), Ok(()));
    assert_eq!(g.validate_offset_commit("unknown", Some("unknown"), -1, false), Err(ErrorCode::UnknownMemberId));
    assert_eq!(g.validate_offset_commit("member-id", Some("unknown"), -1, false), Err(ErrorCode::UnknownMemberId));
    assert_eq!(g.validate_offset_commit("member-id", Some("instance-id"), 0, false), Err(ErrorCode::IllegalGeneration));
    assert_eq!(
        g.validate_offset_commit("member-id", Some("instance-id"), 1, false),
        Err(ErrorCode::RebalanceInProgress)
    );
    g.transition_to(Stable).unwrap();
    assert_eq!(g.validate_offset_commit("member-id", Some("instance-id"), 1, false), Ok(()));
    g.replace_static_member("instance-id", "member-id", "new-member-id");
    assert_eq!(g.validate_offset_commit("member-id", Some("instance-id"), 1, false), Err(ErrorCode::FencedInstanceId));
    g.transition_to(Dead).unwrap();
    assert_eq!(
        g.validate_offset_commit("new-member-id", Some("instance-id"), 1, false),
        Err(ErrorCode::CoordinatorNotAvailable)
    );
}
