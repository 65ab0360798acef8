//! The root component: header with the language switch, the time controls,
//! and the workspace — the cluster picture, the ledger, charts and event log
//! beside it, the console docked under it.
//!
//! `App` owns the current [`Lang`] (from the URL or the browser, see
//! [`super::page`]) and provides it as a context ([`super::context::use_lang`]) and the display toggles; the [`RunnerProvider`] owns the
//! simulation and publishes its snapshot to every panel.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::charts::Charts;
use super::cluster::Cluster;
use super::console_panel::ConsolePanel;
use super::controls::Controls;
use super::embed::{EmbedBar, Presenter};
use super::event_log::EventLog;
use super::lang_switch::LangSwitch;
use super::ledger::Ledger;
use super::lessons::LessonsSide;
use super::page;
use super::runner::RunnerProvider;
use super::share::{LoadError, SharePanel};
use crate::i18n::{text, Key, Lang};

/// The page in embed mode (`?embed=1`): the picture, the lesson beside it and a bottom bar.
fn embed_page(lang: Lang, reduced_motion: bool) -> Html {
    html! {
        <ContextProvider<Lang> context={lang}>
        <div class="app app-embed" data-testid="embed">
            <RunnerProvider>
                <LoadError />
                <div class="embed-stage">
                    <main class="embed-picture" data-testid="stage">
                        <Cluster show_heartbeats={false} {reduced_motion} />
                        <super::embed::ConsoleStrip />
                    </main>
                    <LessonsSide compact=true />
                </div>
                <EmbedBar />
                <Presenter />
                <super::embed::ChipScale />
            </RunnerProvider>
        </div>
        </ContextProvider<Lang>>
    }
}

/// The KafkaSim application.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(page::initial_lang);
    let heartbeats = use_state(|| false);
    let reduced_motion = use_memo((), |_| page::prefers_reduced_motion());
    use_effect_with(*lang, |lang| page::apply_lang(*lang));
    let on_pick = {
        let lang = lang.clone();
        Callback::from(move |picked: Lang| lang.set(picked))
    };
    let on_heartbeats = {
        let heartbeats = heartbeats.clone();
        move |e: Event| heartbeats.set(e.target_unchecked_into::<HtmlInputElement>().checked())
    };
    let t = |key| text(*lang, key);
    let embed = use_memo((), |_| crate::share::params::parse(&page::query()).embed);
    if *embed {
        return embed_page(*lang, *reduced_motion);
    }
    html! {
        <ContextProvider<Lang> context={*lang}>
        <div class="app">
            <header class="app-header" data-testid="app-header">
                <div class="brand">
                    <h1 class="title">{ t(Key::AppTitle) }</h1>
                    <p class="tagline">{ t(Key::Tagline) }</p>
                </div>
                <LangSwitch {on_pick} />
            </header>
            <RunnerProvider>
                <LoadError />
                <Presenter />
                <Controls />
                <main class="workspace" data-testid="stage">
                    <div class="picture">
                        <super::actions::Actions />
                        <Cluster show_heartbeats={*heartbeats} reduced_motion={*reduced_motion} />
                        <div class="picture-foot">
                        <super::messages::Legend />
                        <label class="toggle"><input type="checkbox" checked={*heartbeats} onchange={on_heartbeats} />
                            { t(Key::Heartbeats) }</label>
                        </div>
                    </div>
                    <aside class="side">
                        <LessonsSide />
                        <Ledger />
                        <Charts />
                        <EventLog />
                        <SharePanel />
                    </aside>
                    <ConsolePanel />
                </main>
            </RunnerProvider>
        </div>
        </ContextProvider<Lang>>
    }
}
