//! Consumer groups as the picture draws them.
//!
//! [`group_pictures`] joins the coordinator's view of each group
//! ([`groups_view`](crate::sim::groups_view::groups_view)) with the consumer
//! processes the simulation runs, so a member can be drawn with what the
//! room needs to see: its client id, its assigned partitions, and whether it
//! is healthy, stalled (no longer calling `poll()`), killed (the coordinator
//! still counts it as a member until `session.timeout.ms` runs out) or still
//! joining (a process the coordinator has not admitted yet). Its chip lists
//! the partitions the process itself holds ([`ConsumerNode::chip`]): during
//! an eager rebalance a member gives them all up before it rejoins, and the
//! chip says `revoked` while the coordinator still lists its old assignment.
//! The geometry of the group boxes lives in [`super::layout`].

use crate::sim::client::consumer::{Consumer, JoinState};
use crate::sim::groups_view::GroupView;
use crate::sim::simulation::Simulation;

/// What a member is doing, as the picture shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberStatus {
    Active,
    /// Alive but not polling.
    Stalled,
    /// The process is gone; the coordinator has not noticed yet.
    Killed,
    /// A running consumer the coordinator does not list as a member (yet).
    Joining,
}

impl MemberStatus {
    /// The `data-status` value of the consumer node.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Stalled => "stalled",
            MemberStatus::Killed => "killed",
            MemberStatus::Joining => "joining",
        }
    }
}

/// One consumer node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerNode {
    pub client_id: String,
    /// Its network node, if the process is alive (messages are drawn to it).
    pub node: Option<u32>,
    pub status: MemberStatus,
    /// Assigned `(topic, partition)`s, as the coordinator handed them out.
    pub partitions: Vec<(String, u32)>,
    /// The `(topic, partition)`s the process holds itself (empty if it is gone).
    pub owned: Vec<(String, u32)>,
    /// It gave up its partitions to rejoin (an eager rebalance) and has no new ones yet.
    pub revoked: bool,
}

impl ConsumerNode {
    /// The chip's partition text: `revoked`, or the partitions the process
    /// holds (`P0,3`, runs as `P0-5`; with several topics, their count as
    /// `3P`); a killed member shows what the coordinator still assigns it.
    pub fn chip(&self) -> String {
        if self.revoked {
            return "revoked".to_string();
        }
        let held = if self.status == MemberStatus::Killed { &self.partitions } else { &self.owned };
        if held.is_empty() {
            return "0P".to_string();
        }
        if held.iter().any(|(t, _)| *t != held[0].0) {
            return format!("{}P", held.len());
        }
        let mut ps: Vec<u32> = held.iter().map(|(_, p)| *p).collect();
        ps.sort_unstable();
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < ps.len() {
            let mut j = i;
            while j + 1 < ps.len() && ps[j + 1] == ps[j] + 1 {
                j += 1;
            }
            if j >= i + 2 {
                parts.push(format!("{}-{}", ps[i], ps[j]));
            } else {
                parts.extend(ps[i..=j].iter().map(u32::to_string));
            }
            i = j + 1;
        }
        format!("P{}", parts.join(","))
    }
}

/// One group box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupPicture {
    pub group_id: String,
    pub state: &'static str,
    pub generation: i32,
    pub assignor: Option<String>,
    pub coordinator: Option<u32>,
    pub members: Vec<ConsumerNode>,
}

/// The client id a member id such as `c1-b2-3` was made from (`c1`).
pub fn client_of_member(member_id: &str) -> &str {
    let mut parts = member_id.rsplitn(3, '-');
    let (n, b, rest) = (parts.next(), parts.next(), parts.next());
    match (n, b, rest) {
        (Some(n), Some(b), Some(rest))
            if n.chars().all(|c| c.is_ascii_digit())
                && b.strip_prefix('b').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())) =>
        {
            rest
        }
        _ => member_id,
    }
}

/// The partitions a consumer process holds.
fn held(c: &Consumer) -> Vec<(String, u32)> {
    c.assigned.keys().map(|tp| (tp.topic.as_str().to_string(), tp.partition)).collect()
}

/// Every group with its members, sorted by group id, members by client id.
/// A group with no member, no consumer process and no committed offset (a
/// `kafka-console-consumer` group that has ended: it commits nothing) is not
/// drawn: Kafka deletes such a group, and an empty box would only crowd the picture.
pub fn group_pictures(sim: &Simulation, groups: &[GroupView]) -> Vec<GroupPicture> {
    groups
        .iter()
        .filter_map(|g| {
            let mut members: Vec<ConsumerNode> = g
                .members
                .iter()
                .map(|m| {
                    let client_id = m.client_id.clone().unwrap_or_else(|| client_of_member(&m.member_id).to_string());
                    let process = sim.consumers().values().find(|c| !c.closed && c.config.client_id == client_id);
                    let status = match process {
                        None => MemberStatus::Killed,
                        Some(c) if c.stalled => MemberStatus::Stalled,
                        Some(_) => MemberStatus::Active,
                    };
                    let partitions: Vec<(String, u32)> =
                        m.assignment.iter().map(|tp| (tp.topic.as_str().to_string(), tp.partition)).collect();
                    let owned = process.map(held).unwrap_or_default();
                    let revoked = process.is_some_and(|c| c.join_state != JoinState::Stable)
                        && owned.is_empty()
                        && !partitions.is_empty();
                    ConsumerNode { client_id, node: process.map(|c| c.node.0), status, partitions, owned, revoked }
                })
                .collect();
            for c in sim.consumers().values().filter(|c| !c.closed && c.group() == g.group_id) {
                if !members.iter().any(|m| m.client_id == c.config.client_id) {
                    let status = if c.stalled { MemberStatus::Stalled } else { MemberStatus::Joining };
                    members.push(ConsumerNode {
                        client_id: c.config.client_id.clone(),
                        node: Some(c.node.0),
                        status,
                        partitions: Vec::new(),
                        owned: held(c),
                        revoked: false,
                    });
                }
            }
            if members.is_empty() && g.partitions.iter().all(|p| p.committed.is_none()) {
                return None;
            }
            members.sort_by(|a, b| a.client_id.cmp(&b.client_id));
            for m in &mut members {
                m.partitions.sort();
                m.owned.sort();
            }
            Some(GroupPicture {
                group_id: g.group_id.clone(),
                state: g.state.name(),
                generation: g.generation,
                assignor: g.protocol.clone(),
                coordinator: g.coordinator.map(|b| b.0),
                members,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;
    use crate::sim::groups_view::groups_view;

    fn run(c: &mut Console, lines: &[&str]) {
        for l in lines {
            let out = c.run_line(l);
            assert!(out.lines.iter().all(|x| x.stream != crate::console::Stream::Stderr), "{l}: {out:?}");
        }
    }

    #[test]
    fn a_chip_lists_what_the_consumer_holds() {
        let node = |owned: &[u32], revoked| ConsumerNode {
            client_id: "c".into(),
            node: Some(1),
            status: MemberStatus::Active,
            partitions: vec![("t".into(), 9)],
            owned: owned.iter().map(|p| ("t".to_string(), *p)).collect(),
            revoked,
        };
        assert_eq!(node(&[0, 3], false).chip(), "P0,3");
        assert_eq!(node(&[0, 1, 2, 3, 4, 5], false).chip(), "P0-5");
        assert_eq!(node(&[0, 1, 4], false).chip(), "P0,1,4");
        assert_eq!(node(&[], false).chip(), "0P");
        assert_eq!(node(&[], true).chip(), "revoked");
    }

    #[test]
    fn member_ids_give_back_their_client_id() {
        assert_eq!(client_of_member("c1-b2-3"), "c1");
        assert_eq!(client_of_member("my-app-1-b10-42"), "my-app-1");
        assert_eq!(client_of_member("weird"), "weird");
        assert_eq!(client_of_member("a-bx-1"), "a-bx-1");
    }

    #[test]
    fn a_group_shows_its_members_partitions_and_a_killed_member() {
        let mut c = Console::new(7, 3);
        run(
            &mut c,
            &[
                "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 4 --replication-factor 3",
                "sim consumer start c1 --group g --topic t --consumer-property session.timeout.ms=6000",
                "sim consumer start c2 --group g --topic t --consumer-property session.timeout.ms=6000",
                "sim advance 10s",
            ],
        );
        let pics = group_pictures(c.simulation(), &groups_view(c.simulation()));
        assert_eq!(pics.len(), 1);
        let g = &pics[0];
        assert_eq!((g.group_id.as_str(), g.state), ("g", "Stable"));
        assert_eq!(g.members.iter().map(|m| m.client_id.as_str()).collect::<Vec<_>>(), vec!["c1", "c2"]);
        assert!(g.members.iter().all(|m| m.status == MemberStatus::Active && m.partitions.len() == 2));

        run(&mut c, &["sim consumer kill c2", "sim consumer stall c1"]);
        let g = &group_pictures(c.simulation(), &groups_view(c.simulation()))[0];
        let c2 = g.members.iter().find(|m| m.client_id == "c2").expect("still a member until the session times out");
        assert_eq!((c2.status, c2.node), (MemberStatus::Killed, None));
        assert_eq!(g.members[0].status, MemberStatus::Stalled);
    }

    #[test]
    fn an_ended_console_consumer_leaves_no_empty_group_but_a_group_with_offsets_stays() {
        let mut c = Console::new(7, 3);
        run(
            &mut c,
            &[
                "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3",
                "sim producer start p --topic t --rate 20",
                "sim consumer start c1 --group g --topic t",
                "sim advance 10s",
                "sim consumer stop c1",
            ],
        );
        // "Processed a total of 5 messages" goes to stderr, as in Kafka.
        c.run_line(
            "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --from-beginning --max-messages 5",
        );
        run(&mut c, &["sim advance 10s"]);
        let groups = groups_view(c.simulation());
        assert!(groups.iter().any(|g| g.group_id.starts_with("console-consumer-")), "Kafka still lists the group");
        let pics = group_pictures(c.simulation(), &groups);
        let ids: Vec<&str> = pics.iter().map(|g| g.group_id.as_str()).collect();
        assert_eq!(ids, vec!["g"], "g keeps its committed offsets; the console consumer's group is not drawn");
        assert!(pics[0].members.is_empty());
    }
}
