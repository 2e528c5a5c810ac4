/**
 * The lesson page: three tabs (graph, train, exercise) over one state that lives in the URL.
 * Tabs follow the WAI-ARIA tabs pattern: arrow keys move between them, Enter or a click opens one.
 */
import { HIGHLIGHT } from '@chalkgrad/viz';
import type { App } from './app';
import { byId, showMessage } from './dom';
import { exerciseTab } from './exercise/view';
import { graphTab } from './graph/view';
import { TABS, type Tab, stateFromQuery, stateToQuery } from './state';
import { trainTab } from './train/view';

const { state, problems } = stateFromQuery(location.search);

const app: App = {
  state,
  changed() {
    const query = stateToQuery(state);
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
  },
};

showMessage(byId('page-message'), problems.length ? problems.join('; ') : null);
// the page marks the current step in the colour the diagram draws it in
document.documentElement.style.setProperty('--current', HIGHLIGHT);

const graph = graphTab(app);
const tabs: Record<Tab, { shown(): void }> = { graph, train: trainTab(app), exercise: exerciseTab(app) };

function open(tab: Tab, focus = false): void {
  state.tab = tab;
  for (const t of TABS) {
    const button = byId(`tab-${t}`);
    button.setAttribute('aria-selected', String(t === tab));
    button.tabIndex = t === tab ? 0 : -1;
    byId(`panel-${t}`).hidden = t !== tab;
  }
  if (focus) byId(`tab-${tab}`).focus();
  tabs[tab].shown();
  app.changed();
}

for (const t of TABS) {
  const button = byId(`tab-${t}`);
  button.addEventListener('click', () => open(t));
  button.addEventListener('keydown', (e) => {
    const k = TABS.indexOf(t);
    const to = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    open(TABS[(to + TABS.length) % TABS.length], true);
  });
}

document.addEventListener('keydown', (e) => {
  if (state.tab === 'graph' && !(e.target as HTMLElement).closest('[role=tablist]')) graph.keydown(e);
});

open(state.tab);
document.body.dataset.ready = 'true';
