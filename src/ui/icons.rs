//! Icons drawn as inline SVG from [`crate::viz::icons`]: in running text
//! ([`icon`]), nested in the cluster picture ([`icon_at`]), and inside a
//! translated sentence at its placeholders ([`with_icons`]).

use yew::prelude::*;

use crate::viz::icons::{Icon, Paint};

fn path(i: Icon, colour: &str) -> Html {
    let (d, paint) = i.path();
    match paint {
        Paint::Fill => html! { <path d={d} fill={colour.to_string()} fill-rule="evenodd" /> },
        Paint::Stroke(w) => html! {
            <path d={d} fill="none" stroke={colour.to_string()} stroke-width={w} stroke-linecap="round" stroke-linejoin="round" />
        },
    }
}

/// `i` at the size of the text around it, in the text's colour.
pub fn icon(i: Icon) -> Html {
    html! { <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">{ path(i, "currentColor") }</svg> }
}

/// `i` in the cluster picture: a `size`-wide square whose top left corner is `(x, y)`.
pub fn icon_at(i: Icon, (x, y): (f64, f64), size: f64, colour: &str) -> Html {
    html! {
        <svg x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{size:.1}")} height={format!("{size:.1}")}
            viewBox="0 0 16 16" class="picture-icon" aria-hidden="true">{ path(i, colour) }</svg>
    }
}

/// `sentence` with each `(placeholder, icon)` drawn where its placeholder stands.
pub fn with_icons(sentence: &str, icons: &[(&str, Icon)]) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut rest = sentence;
    while let Some((at, (mark, i))) =
        icons.iter().filter_map(|(m, i)| rest.find(m).map(|at| (at, (*m, *i)))).min_by_key(|(at, _)| *at)
    {
        parts.push(html! { { rest[..at].to_string() } });
        parts.push(icon(i));
        rest = &rest[at + mark.len()..];
    }
    parts.push(html! { { rest.to_string() } });
    html! { <>{ for parts }</> }
}
