//! Messages in flight: a dot per request (a ring per response) positioned
//! along its link by interpolating its send and delivery times
//! ([`crate::viz::interp`]), coloured by Kafka API and labelled in its
//! `<title>`. Broker heartbeats are hidden unless asked for (they are busy).
//! With `prefers-reduced-motion`, dots stay at the middle of their link
//! instead of gliding.

use yew::prelude::*;

use super::runner::use_runner;
use crate::viz::interp::{lerp, message_position};
use crate::viz::layout::layout;
use crate::viz::palette::{api_colour, is_heartbeat, is_response};

/// Most dots drawn per frame (the busiest runs keep the DOM small).
const MAX_DOTS: usize = 400;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub show_heartbeats: bool,
    pub reduced_motion: bool,
}

#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let ctx = use_runner();
    let view = &ctx.snap.view;
    let l = layout(view);
    let dots = view
        .messages
        .iter()
        .filter(|m| props.show_heartbeats || !is_heartbeat(&m.api))
        .filter_map(|m| {
            let (a, b) = (l.anchor(m.from)?, l.anchor(m.to)?);
            let p = if props.reduced_motion {
                lerp(a, b, 0.5)
            } else {
                message_position(a, b, m.sent_at, m.deliver_at, view.now)
            };
            let colour = api_colour(&m.api);
            let (fill, r) = if is_response(&m.api) { ("#ffffff", 8) } else { (colour, 9) };
            Some(html! {
                <circle key={m.id} class="msg" data-api={m.api.clone()} cx={format!("{:.1}", p.x)} cy={format!("{:.1}", p.y)}
                    r={r.to_string()} fill={fill} stroke={colour} stroke-width="4">
                    <title>{ format!("{}: {} → {}", m.api, m.from, m.to) }</title>
                </circle>
            })
        })
        .take(MAX_DOTS);
    html! { <g class="messages" aria-hidden="true">{ for dots }</g> }
}
