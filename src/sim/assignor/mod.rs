//! Consumer partition assignors of Kafka's classic group protocol.
//!
//! In the classic protocol (`group.protocol=classic`) the group coordinator does
//! not decide who consumes what. It elects one member as *leader*, hands it every
//! member's `Subscription` (topics, owned partitions, generation, instance id,
//! rack) and the leader runs a client-side `ConsumerPartitionAssignor`. The
//! result travels back to the coordinator in `SyncGroup`. This module holds the
//! four built-in assignors of the Java client, selected by the protocol name a
//! consumer lists in `partition.assignment.strategy`:
//!
//! | name                 | Java class                  | protocols             |
//! |----------------------|-----------------------------|-----------------------|
//! | `range`              | `RangeAssignor`             | eager                 |
//! | `roundrobin`         | `RoundRobinAssignor`        | eager                 |
//! | `sticky`             | `StickyAssignor`            | eager                 |
//! | `cooperative-sticky` | `CooperativeStickyAssignor` | cooperative, eager    |
//!
//! Sources (apache/kafka, 4.0 line), all under
//! `clients/src/main/java/org/apache/kafka/clients/consumer/`:
//! `internals/AbstractPartitionAssignor.java` (the `assign(Cluster, ...)`
//! wrapper that keeps only topics somebody subscribes to and that exist, and
//! `MemberInfo.compareTo`, the member order of Range and RoundRobin),
//! `RangeAssignor.java`, `RoundRobinAssignor.java`, `StickyAssignor.java`,
//! `CooperativeStickyAssignor.java` and `internals/AbstractStickyAssignor.java`.
//! The rules and test vectors are summarised in
//! `design/kafka-semantics.md` section 2.
//!
//! Determinism: every map is a `VecMap` and [`MemberId`] orders like Java's
//! `String.compareTo` (UTF-16 code units), so the same input always gives the
//! same output on every platform. Where Kafka's result depends on Java
//! `HashMap` iteration order, the sticky module emulates that order
//! (see [`sticky`]).
//!
//! Simplification: the rack-aware variants (KIP-881) are not modelled; a
//! `rack` in a [`Subscription`] is carried but ignored, which is what Kafka
//! does whenever the brokers' racks are unknown.

pub mod range;
pub mod roundrobin;
pub mod sticky;

#[cfg(test)]
mod properties;
#[cfg(test)]
pub(crate) mod testkit;

use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::VecMap;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A group member's `member.id`, assigned by the coordinator.
///
/// Ordered like Java's `String.compareTo` (lexicographic over UTF-16 code
/// units), which is the order Kafka's assignors sort member ids in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemberId(pub String);

impl MemberId {
    pub fn new(id: &str) -> Self {
        MemberId(id.to_string())
    }
}

impl Ord for MemberId {
    fn cmp(&self, other: &Self) -> Ordering {
        java_string_cmp(&self.0, &other.0)
    }
}

impl PartialOrd for MemberId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Java's `String.compareTo`: lexicographic over UTF-16 code units. It differs
/// from Rust's byte order only for characters above U+FFFF.
pub fn java_string_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// One member's `ConsumerProtocolSubscription` as the leader sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscription {
    /// Topics the member subscribes to.
    pub topics: Vec<TopicName>,
    /// Partitions the member owned before this rebalance (V1+).
    pub owned_partitions: Vec<TopicPartition>,
    /// The generation those partitions were owned in (V2+); `None` for old
    /// subscriptions, which Kafka reads as `DEFAULT_GENERATION` (-1).
    pub generation: Option<i32>,
    /// `group.instance.id` of a static member.
    pub group_instance_id: Option<String>,
    /// `client.rack`; carried but unused (see the module docs).
    pub rack: Option<String>,
}

impl Subscription {
    /// A dynamic member subscribing to `topics`, owning nothing.
    pub fn new(topics: &[&str]) -> Self {
        Subscription { topics: topics.iter().map(|t| TopicName::new(t)).collect(), ..Subscription::default() }
    }

    /// Whether the member subscribes to `topic`.
    pub fn subscribes(&self, topic: &TopicName) -> bool {
        self.topics.contains(topic)
    }
}

/// Kafka's `ConsumerPartitionAssignor.RebalanceProtocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RebalanceProtocol {
    /// Revoke everything, then reassign (stop-the-world).
    Eager,
    /// Revoke only the partitions that move (KIP-429).
    Cooperative,
}

/// The built-in assignors, by `partition.assignment.strategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum AssignorKind {
    Range,
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

impl AssignorKind {
    pub const ALL: [AssignorKind; 4] =
        [AssignorKind::Range, AssignorKind::RoundRobin, AssignorKind::Sticky, AssignorKind::CooperativeSticky];

    /// The protocol name the assignor registers under (`name()` in Java).
    pub fn name(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "roundrobin",
            AssignorKind::Sticky => "sticky",
            AssignorKind::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// `supportedProtocols()`, most preferred first.
    pub fn supported_protocols(self) -> &'static [RebalanceProtocol] {
        match self {
            AssignorKind::CooperativeSticky => &[RebalanceProtocol::Cooperative, RebalanceProtocol::Eager],
            _ => &[RebalanceProtocol::Eager],
        }
    }
}

impl fmt::Display for AssignorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An assignor name that is none of the built-in ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAssignor(pub String);

impl fmt::Display for UnknownAssignor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown partition assignor: {}", self.0)
    }
}

impl FromStr for AssignorKind {
    type Err = UnknownAssignor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AssignorKind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| UnknownAssignor(s.to_string()))
    }
}

/// The leader's answer: every member's assigned partitions, in Kafka's order.
pub type Assignment = VecMap<MemberId, Vec<TopicPartition>>;

/// Runs the assignor `kind` for one rebalance.
///
/// `partitions_per_topic` is the leader's metadata (topic -> partition count);
/// like `AbstractPartitionAssignor.assign(Cluster, ...)`, only topics that some
/// member subscribes to are considered. Every member gets an entry, possibly
/// empty.
pub fn assign(
    kind: AssignorKind,
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> Assignment {
    let topics = subscribed_partitions_per_topic(partitions_per_topic, subscriptions);
    match kind {
        AssignorKind::Range => range::assign(&topics, subscriptions),
        AssignorKind::RoundRobin => roundrobin::assign(&topics, subscriptions),
        AssignorKind::Sticky => sticky::assign(&topics, subscriptions).assignment,
        AssignorKind::CooperativeSticky => sticky::assign_cooperative(&topics, subscriptions),
    }
}

/// The metadata restricted to topics at least one member subscribes to.
pub fn subscribed_partitions_per_topic(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> VecMap<TopicName, u32> {
    partitions_per_topic
        .iter()
        .filter(|(t, _)| subscriptions.values().any(|s| s.subscribes(t)))
        .map(|(t, n)| (t.clone(), *n))
        .collect()
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: static members (with a
/// `group.instance.id`) first, ordered by instance id; then dynamic members by
/// member id. Equal instance ids fall back to the member id so the order is
/// total.
pub fn compare_members(a: (&MemberId, &Subscription), b: (&MemberId, &Subscription)) -> Ordering {
    match (&a.1.group_instance_id, &b.1.group_instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y).then_with(|| a.0.cmp(b.0)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.0.cmp(b.0),
    }
}

/// Members subscribed to `topic`, in `MemberInfo` order.
pub(crate) fn sorted_members_for_topic<'a>(
    topic: &TopicName,
    subscriptions: &'a VecMap<MemberId, Subscription>,
) -> Vec<&'a MemberId> {
    let mut members: Vec<(&MemberId, &Subscription)> =
        subscriptions.iter().filter(|(_, s)| s.subscribes(topic)).collect();
    members.sort_by(|a, b| compare_members(*a, *b));
    members.into_iter().map(|(m, _)| m).collect()
}

/// An assignment with an empty list for every member.
pub(crate) fn empty_assignment(subscriptions: &VecMap<MemberId, Subscription>) -> Assignment {
    subscriptions.keys().map(|m| (m.clone(), Vec::new())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in AssignorKind::ALL {
            assert_eq!(kind.name().parse::<AssignorKind>(), Ok(kind));
        }
        assert_eq!("cooperative-sticky".parse(), Ok(AssignorKind::CooperativeSticky));
        assert!("Range".parse::<AssignorKind>().is_err());
    }

    #[test]
    fn supported_protocols_match_kafka() {
        use RebalanceProtocol::*;
        assert_eq!(AssignorKind::Range.supported_protocols(), &[Eager]);
        assert_eq!(AssignorKind::RoundRobin.supported_protocols(), &[Eager]);
        assert_eq!(AssignorKind::Sticky.supported_protocols(), &[Eager]);
        assert_eq!(AssignorKind::CooperativeSticky.supported_protocols(), &[Cooperative, Eager]);
    }

    #[test]
    fn member_ids_order_like_java() {
        // U+FF5E is one UTF-16 unit 0xFF5E; U+1F600 starts with surrogate 0xD83D.
        assert!(MemberId::new("\u{1F600}") < MemberId::new("\u{FF5E}"));
        assert!(MemberId::new("consumer1") < MemberId::new("consumer2"));
        assert!(MemberId::new("consumer10") < MemberId::new("consumer2"));
    }

    #[test]
    fn static_members_sort_first() {
        let mut a = Subscription::new(&["t"]);
        a.group_instance_id = Some("instance2".into());
        let mut b = Subscription::new(&["t"]);
        b.group_instance_id = Some("instance1".into());
        let c = Subscription::new(&["t"]);
        let (ma, mb, mc) = (MemberId::new("a"), MemberId::new("b"), MemberId::new("0"));
        assert_eq!(compare_members((&mb, &b), (&ma, &a)), Ordering::Less);
        assert_eq!(compare_members((&ma, &a), (&mc, &c)), Ordering::Less);
        assert_eq!(compare_members((&mc, &c), (&mb, &b)), Ordering::Greater);
    }
}
