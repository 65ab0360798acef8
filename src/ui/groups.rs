//! Consumer groups (a hook for the consumer-group work landing in parallel).
//!
//! When `ClusterView` gains a `groups` field, this panel draws each group as
//! a labelled box with its members and their assigned partitions, and the
//! cluster picture draws lines from members to partition leaders. Until
//! then it renders nothing, so the layout does not show an empty box.

use yew::prelude::*;

/// Renders nothing until the snapshot carries consumer groups.
#[function_component(Groups)]
pub fn groups() -> Html {
    html! {}
}
