//! The cluster picture's geometry, in one fixed SVG coordinate space
//! ([`WIDTH`] × [`HEIGHT`]; the SVG scales it to the screen).
//!
//! The KRaft controller sits at the top centre, brokers stand side by side
//! below it as large boxes, each holding one chip per replica it hosts
//! (sorted by topic and partition, so a partition's replicas sit at the same
//! height in every broker when the assignment allows), and producers stand
//! in a column at the left edge. Messages travel between [`Layout::anchor`]
//! points. The layout depends only on which brokers, replicas and producers
//! exist, never on time, so nothing jumps while the cluster runs.

use super::groups::GroupPicture;
use crate::sim::messages::NodeId;
use crate::sim::view::ClusterView;

/// The picture's coordinate space.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 600.0;
/// Space left of the brokers for producers.
const CLIENT_COLUMN: f64 = 140.0;
/// Space right of the brokers for consumer groups (only when there are groups).
const GROUP_COLUMN: f64 = 270.0;
/// A group box's title band (group id, then state · generation · assignor) when the id fits one line.
const GROUP_HEADER: f64 = 60.0;
/// The tallest a consumer row gets.
const MAX_CONSUMER_ROW: f64 = 56.0;
const BROKER_TOP: f64 = 160.0;
const BROKER_HEIGHT: f64 = 420.0;
/// The broker box's title band (id and state).
const BROKER_HEADER: f64 = 78.0;
const GAP: f64 = 8.0;

/// A point in the picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn center(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y + self.h / 2.0 }
    }

    fn top_center(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y }
    }
}

/// A replica chip: partition `topic-partition` on `broker`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSlot {
    pub topic: String,
    pub partition: u32,
    pub broker: u32,
    pub rect: Rect,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The picture's width: [`WIDTH`], plus the group column when there are groups.
    pub width: f64,
    pub controller: Rect,
    /// `(broker id, box)`, in id order.
    pub brokers: Vec<(u32, Rect)>,
    pub replicas: Vec<ReplicaSlot>,
    /// `(client node, circle centre)`.
    pub producers: Vec<(u32, Point)>,
    pub producer_radius: f64,
    /// `(group id, box)`, in the order given.
    pub groups: Vec<(String, Rect)>,
    /// `(group id, client id, network node if alive, box)`.
    pub consumers: Vec<ConsumerSlot>,
}

/// Where one consumer node goes.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumerSlot {
    pub group: String,
    pub client_id: String,
    pub node: Option<u32>,
    pub rect: Rect,
}

impl Layout {
    /// The box of broker `id`.
    pub fn broker(&self, id: u32) -> Option<Rect> {
        self.brokers.iter().find(|(b, _)| *b == id).map(|(_, r)| *r)
    }

    /// Where messages to and from `node` start and end.
    pub fn anchor(&self, node: NodeId) -> Option<Point> {
        match node {
            NodeId::Controller => {
                Some(Point { x: self.controller.center().x, y: self.controller.y + self.controller.h })
            }
            // Just above the box, so messages between brokers do not cover their titles.
            NodeId::Broker(b) => self.broker(b.0).map(|r| Point { x: r.center().x, y: r.y - 10.0 }),
            NodeId::Client(c) => self.producers.iter().find(|(n, _)| *n == c.0).map(|(_, p)| *p).or_else(|| {
                self.consumers.iter().find(|s| s.node == Some(c.0)).map(|s| Point { x: s.rect.x, y: s.rect.center().y })
            }),
        }
    }

    /// The top centre of broker `id`'s box, where its controller link ends.
    pub fn broker_top(&self, id: u32) -> Option<Point> {
        self.broker(id).map(|r| r.top_center())
    }
}

/// Lays out the picture for `view`, without consumer groups.
pub fn layout(view: &ClusterView) -> Layout {
    layout_with(view, &[])
}

/// Lays out the picture for `view` with consumer `groups` in a column at the right edge.
pub fn layout_with(view: &ClusterView, groups: &[GroupPicture]) -> Layout {
    // The group column widens the picture rather than squeezing the brokers.
    let width = if groups.is_empty() { WIDTH } else { WIDTH + GROUP_COLUMN };
    let controller = Rect { x: WIDTH / 2.0 - 150.0, y: 14.0, w: 300.0, h: 76.0 };
    let n = view.brokers.len().max(1) as f64;
    let slot = (WIDTH - CLIENT_COLUMN - 10.0) / n;
    let brokers: Vec<(u32, Rect)> = view
        .brokers
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = CLIENT_COLUMN + slot * i as f64 + GAP;
            (b.id.0, Rect { x, y: BROKER_TOP, w: slot - 2.0 * GAP, h: BROKER_HEIGHT })
        })
        .collect();
    let replicas = brokers.iter().flat_map(|(id, rect)| replica_chips(view, *id, *rect)).collect();
    let producer_radius = 44.0;
    let producers = view
        .producers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node, Point { x: 70.0, y: BROKER_TOP + 60.0 + 110.0 * i as f64 }))
        .collect();
    let (groups, consumers) = group_boxes(groups);
    Layout { width, controller, brokers, replicas, producers, producer_radius, groups, consumers }
}

/// Group boxes stacked in the right column between the top of the brokers
/// and the bottom of the picture, each as tall as its members need.
fn group_boxes(groups: &[GroupPicture]) -> (Vec<(String, Rect)>, Vec<ConsumerSlot>) {
    if groups.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let x = WIDTH + GAP;
    let w = GROUP_COLUMN - 2.0 * GAP;
    let top = 110.0;
    let avail = HEIGHT - 10.0 - top - GAP * (groups.len() as f64 - 1.0);
    let rows: usize = groups.iter().map(|g| g.members.len().max(1)).sum();
    // A long group id wraps onto more title lines (never cut); each adds a line to its header.
    let header = |g: &GroupPicture| {
        GROUP_HEADER
            + super::wrap::GROUP_TITLE_LINE * (super::wrap::group_title_lines(&g.group_id).len().max(1) - 1) as f64
    };
    let headers: f64 = groups.iter().map(|g| header(g) + GAP).sum();
    let row = ((avail - headers) / rows as f64).clamp(8.0, MAX_CONSUMER_ROW);
    let (mut boxes, mut slots) = (Vec::new(), Vec::new());
    let mut y = top;
    for g in groups {
        let head = header(g);
        let h = head + row * g.members.len().max(1) as f64 + GAP;
        boxes.push((g.group_id.clone(), Rect { x, y, w, h }));
        for (i, m) in g.members.iter().enumerate() {
            slots.push(ConsumerSlot {
                group: g.group_id.clone(),
                client_id: m.client_id.clone(),
                node: m.node,
                rect: Rect { x: x + GAP, y: y + head + row * i as f64, w: w - 2.0 * GAP, h: row - 4.0 },
            });
        }
        y += h + GAP;
    }
    (boxes, slots)
}

/// The chips of every replica broker `id` hosts, in a grid inside `rect`.
/// Internal topics (`__consumer_offsets`) are left out: they would crowd the
/// brokers on a projector, and the group boxes already name each coordinator.
fn replica_chips(view: &ClusterView, id: u32, rect: Rect) -> Vec<ReplicaSlot> {
    let mut hosted: Vec<(&str, u32)> = view
        .partitions
        .iter()
        .filter(|p| !p.internal && p.replicas.iter().any(|r| r.broker.0 == id))
        .map(|p| (p.topic.as_str(), p.partition))
        .collect();
    hosted.sort();
    let grid = Grid::fit(hosted.len(), rect);
    hosted
        .into_iter()
        .enumerate()
        .map(|(i, (topic, partition))| ReplicaSlot {
            topic: topic.to_string(),
            partition,
            broker: id,
            rect: grid.cell(i),
        })
        .collect()
}

/// A grid of equal cells filling the body of a broker box.
struct Grid {
    origin: Point,
    cols: usize,
    w: f64,
    h: f64,
}

impl Grid {
    const MAX_CHIP_HEIGHT: f64 = 84.0;

    fn fit(count: usize, rect: Rect) -> Grid {
        let cols = match count {
            0..=5 => 1,
            6..=12 => 2,
            _ => 3,
        };
        let rows = count.div_ceil(cols).max(1);
        let body_h = rect.h - BROKER_HEADER - GAP;
        let h = ((body_h - GAP * (rows as f64 - 1.0)) / rows as f64).min(Self::MAX_CHIP_HEIGHT);
        let w = (rect.w - GAP * (cols as f64 + 1.0)) / cols as f64;
        Grid { origin: Point { x: rect.x + GAP, y: rect.y + BROKER_HEADER }, cols, w, h }
    }

    fn cell(&self, i: usize) -> Rect {
        let (row, col) = (i / self.cols, i % self.cols);
        Rect {
            x: self.origin.x + col as f64 * (self.w + GAP),
            y: self.origin.y + row as f64 * (self.h + GAP),
            w: self.w,
            h: self.h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    fn view_with_topic(partitions: u32) -> ClusterView {
        let mut c = Console::new(7, 3);
        let line = format!("kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions {partitions} --replication-factor 3");
        c.run_line(&line);
        c.simulation().view()
    }

    #[test]
    fn internal_topics_get_no_chips() {
        let mut c = Console::new(7, 3);
        c.run_line("kafka-topics --bootstrap-server localhost:9092 --create --topic __internal --partitions 3 --replication-factor 3");
        c.run_line(
            "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3",
        );
        let l = layout(&c.simulation().view());
        assert_eq!(l.replicas.len(), 6, "only t's 2 partitions × 3 replicas are drawn");
        assert!(l.replicas.iter().all(|r| r.topic == "t"));
    }

    fn inside(inner: Rect, outer: Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w + 1e-9
            && inner.y + inner.h <= outer.y + outer.h + 1e-9
    }

    #[test]
    fn brokers_stand_side_by_side_inside_the_picture() {
        let l = layout(&view_with_topic(3));
        assert_eq!(l.brokers.iter().map(|(b, _)| *b).collect::<Vec<_>>(), vec![1, 2, 3]);
        for pair in l.brokers.windows(2) {
            assert!(pair[0].1.x + pair[0].1.w < pair[1].1.x, "brokers overlap");
        }
        let whole = Rect { x: 0.0, y: 0.0, w: WIDTH, h: HEIGHT };
        assert!(l.brokers.iter().all(|(_, r)| inside(*r, whole)));
        assert!(inside(l.controller, whole));
    }

    #[test]
    fn every_replica_gets_a_chip_inside_its_broker_without_overlap() {
        for partitions in [1, 3, 8, 30] {
            let view = view_with_topic(partitions);
            let l = layout(&view);
            assert_eq!(l.replicas.len(), partitions as usize * 3);
            for chip in &l.replicas {
                let host = l.broker(chip.broker).unwrap();
                assert!(inside(chip.rect, host), "{partitions}: chip {chip:?} outside {host:?}");
                assert!(chip.rect.h >= 8.0, "{partitions}: chip too small");
            }
            for (i, a) in l.replicas.iter().enumerate() {
                for b in &l.replicas[i + 1..] {
                    let apart = a.rect.x + a.rect.w <= b.rect.x
                        || b.rect.x + b.rect.w <= a.rect.x
                        || a.rect.y + a.rect.h <= b.rect.y
                        || b.rect.y + b.rect.h <= a.rect.y;
                    assert!(apart, "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn group_boxes_stack_at_the_right_edge_without_overlapping_brokers() {
        use super::super::groups::{ConsumerNode, MemberStatus};
        let view = view_with_topic(6);
        let member = |id: &str, node| ConsumerNode {
            client_id: id.to_string(),
            node: Some(node),
            status: MemberStatus::Active,
            partitions: vec![],
            owned: vec![],
            revoked: false,
        };
        let group = |id: &str, n: u32| GroupPicture {
            group_id: id.to_string(),
            state: "Stable",
            generation: 1,
            assignor: Some("range".to_string()),
            coordinator: Some(1),
            members: (0..n).map(|i| member(&format!("{id}-c{i}"), 100 + i + n * 10)).collect(),
        };
        let groups = [group("a", 4), group("b", 4)];
        let l = layout_with(&view, &groups);
        let whole = Rect { x: 0.0, y: 0.0, w: l.width, h: HEIGHT };
        assert!(l.width > WIDTH, "the picture widens for the group column");
        assert_eq!(l.groups.len(), 2);
        assert_eq!(l.consumers.len(), 8);
        let last_broker = l.brokers.last().unwrap().1;
        for (_, g) in &l.groups {
            assert!(inside(*g, whole), "{g:?} outside the picture");
            assert!(g.x > last_broker.x + last_broker.w, "group box overlaps a broker");
        }
        assert!(l.groups[0].1.y + l.groups[0].1.h <= l.groups[1].1.y, "group boxes overlap");
        for s in &l.consumers {
            let host = l.groups.iter().find(|(g, _)| *g == s.group).unwrap().1;
            assert!(inside(s.rect, host), "{s:?} outside its group {host:?}");
            assert!(s.rect.h >= 20.0, "consumer rows stay readable");
        }
        let c = l.consumers[0].node.unwrap();
        assert!(l.anchor(NodeId::Client(crate::sim::messages::ClientNodeId(c))).is_some());
        assert!(inside(l.controller, whole));
    }

    #[test]
    fn anchors_exist_for_controller_and_brokers_only_when_known() {
        let l = layout(&view_with_topic(1));
        assert!(l.anchor(NodeId::Controller).is_some());
        assert!(l.anchor(NodeId::Broker(crate::sim::ids::BrokerId(2))).is_some());
        assert!(l.anchor(NodeId::Broker(crate::sim::ids::BrokerId(9))).is_none());
        assert!(l.anchor(NodeId::Client(crate::sim::messages::ClientNodeId(0))).is_none());
    }
}
