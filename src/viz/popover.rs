//! Where a node's menu opens: beside the node, on the side with more room,
//! so the node it acts on stays in sight while the room decides.
//!
//! The component measures three boxes in CSS pixels (the node, the pane the
//! menu is positioned in, and the window) and asks [`beside`] for the menu's
//! place: its left or right edge a small gap from the node, inside the pane;
//! its top level with the node's top (pulled up when the node sits low); and
//! the height it may take before it would leave the window (it scrolls
//! beyond that). On a small screen the picture is short, so the menu may
//! reach below it, over the console, rather than hide its lower buttons.

/// A box in CSS pixels, in the page's coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PxBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// Where the menu goes, relative to the pane's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// Distance of the menu's left edge from the pane's left edge, or, when
    /// the menu opens left of the node, of its right edge from the pane's right edge.
    pub inset: f64,
    /// The menu opens right of the node (`inset` measures its left edge).
    pub on_right: bool,
    pub top: f64,
    pub max_width: f64,
    pub max_height: f64,
}

/// Space between the node and the menu, and the menu and the pane's edge.
const GAP: f64 = 8.0;
/// The narrowest a menu gets: with less room on both sides it overlaps the node.
const MIN_WIDTH: f64 = 240.0;
/// The least height a menu keeps when its node sits near the bottom.
const MIN_HEIGHT: f64 = 260.0;

/// The menu's place beside `node`, inside `pane` across and inside `window` down.
pub fn beside(node: PxBox, pane: PxBox, window: PxBox) -> Placement {
    let pane_w = pane.right - pane.left;
    let (room_right, room_left) = (pane.right - node.right, node.left - pane.left);
    let on_right = room_right >= room_left;
    let room = if on_right { room_right } else { room_left } - 2.0 * GAP;
    let max_width = room.max(MIN_WIDTH).min(pane_w - 2.0 * GAP);
    let gap_to_node = if on_right { node.right - pane.left } else { pane.right - node.left } + GAP;
    let inset = gap_to_node.min(pane_w - GAP - max_width).max(GAP);
    let top = node.top.min(window.bottom - MIN_HEIGHT - GAP).max(window.top + GAP);
    Placement { inset, on_right, top: top - pane.top, max_width, max_height: (window.bottom - top - GAP).max(GAP) }
}

impl Placement {
    /// The menu's inline CSS (it is `position: absolute` in the pane).
    pub fn css(&self) -> String {
        let (side, other) = if self.on_right { ("left", "right") } else { ("right", "left") };
        format!(
            "{side}: {:.0}px; {other}: auto; top: {:.0}px; transform: none; max-width: {:.0}px; max-height: {:.0}px",
            self.inset, self.top, self.max_width, self.max_height
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANE: PxBox = PxBox { left: 100.0, top: 50.0, right: 1100.0, bottom: 650.0 };
    const WINDOW: PxBox = PxBox { left: 0.0, top: 0.0, right: 1280.0, bottom: 720.0 };

    #[test]
    fn a_left_broker_gets_its_menu_on_its_right() {
        let node = PxBox { left: 150.0, top: 200.0, right: 400.0, bottom: 450.0 };
        let p = beside(node, PANE, WINDOW);
        assert!(p.on_right);
        assert_eq!((p.inset, p.top), (308.0, 150.0), "8 px right of the node, level with its top");
        assert_eq!(p.max_width, 684.0);
        assert_eq!(p.max_height, 512.0, "down to 8 px above the window's bottom");
        assert!(p.css().starts_with("left: 308px; right: auto; top: 150px"));
    }

    #[test]
    fn a_right_broker_gets_its_menu_on_its_left() {
        let node = PxBox { left: 800.0, top: 200.0, right: 1050.0, bottom: 450.0 };
        let p = beside(node, PANE, WINDOW);
        assert!(!p.on_right);
        assert_eq!(p.inset, 308.0, "its right edge 8 px left of the node");
        assert!(p.css().starts_with("right: 308px; left: auto;"));
    }

    #[test]
    fn a_low_node_pulls_the_menu_up_and_a_wide_one_is_overlapped() {
        let low = PxBox { left: 150.0, top: 600.0, right: 400.0, bottom: 640.0 };
        let p = beside(low, PANE, WINDOW);
        assert_eq!((p.top, p.max_height), (402.0, 260.0), "pulled up to keep the menu's least height");
        let wide = PxBox { left: 110.0, top: 100.0, right: 1090.0, bottom: 300.0 };
        let p = beside(wide, PANE, WINDOW);
        assert_eq!(p.max_width, MIN_WIDTH);
        assert_eq!(p.inset, 1000.0 - GAP - MIN_WIDTH, "kept inside the pane");
    }
}
