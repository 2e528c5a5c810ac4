/**
 * The colours of every diagram and plot, chosen by one option (`theme: 'light' | 'dark'`). Both
 * themes take their hues from the Okabe–Ito palette, which stays distinguishable under the common
 * colour-vision deficiencies (protanopia, deuteranopia, tritanopia): blue against orange and
 * vermillion, never red against green. Node kinds differ in lightness as well as hue. Hex codes
 * are lower case, as Graphviz writes them into its SVG.
 */
import type { NodeKind } from './graph';

/** What the legends call each kind of node. */
export const KIND_NAMES: Record<NodeKind, string> = { input: 'input', parameter: 'parameter', constant: 'constant', op: 'operation', output: 'output' };

export interface Theme {
  name: 'light' | 'dark';
  background: string;
  /** Titles, node text, axis labels. */
  text: string;
  /** Secondary text: ticks, pending edge labels. */
  muted: string;
  /** Node borders, axes. */
  border: string;
  edge: string;
  /** Edges still to come in a step frame. */
  faded: string;
  /** What the backward pass has done (edges, their gradients). */
  done: string;
  /** The current node and edges of a step frame. */
  highlight: string;
  /** Plot grid lines and frames of plot panels. */
  grid: string;
  /** Node fill per kind. */
  kinds: Record<NodeKind, string>;
  /** Plot lines and the points of class k, in order: the first series gets the first colour. */
  series: readonly string[];
  /** Decision regions per class: a tint of the class's series colour. */
  regions: readonly string[];
  /** Architecture edges: positive and negative weights. */
  positive: string;
  negative: string;
}

const OKABE_ITO = { blue: '#0072b2', vermillion: '#d55e00', green: '#009e73', purple: '#cc79a7', orange: '#e69f00', sky: '#56b4e9', yellow: '#f0e442' };

export const LIGHT: Theme = {
  name: 'light',
  background: '#ffffff',
  text: '#1a1a1a',
  muted: '#5f6368',
  border: '#3c4043',
  edge: '#4a4f55',
  faded: '#b8bcc2',
  done: OKABE_ITO.blue,
  highlight: OKABE_ITO.vermillion,
  grid: '#e8eaed',
  kinds: { input: '#cfe6f7', parameter: '#fbe0ae', constant: '#ececec', op: '#ffffff', output: '#c3ead9' },
  series: [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.orange, OKABE_ITO.sky, '#1a1a1a', '#8c6d00'],
  regions: ['#cfe3f3', '#f6d5c0', '#c6e8dc', '#f1d8e6', '#f9e6bf', '#d9eefa'],
  positive: OKABE_ITO.blue,
  negative: OKABE_ITO.orange,
};

export const DARK: Theme = {
  name: 'dark',
  background: '#16181d',
  text: '#eceff4',
  muted: '#a3a9b3',
  border: '#c7ccd4',
  edge: '#aab1bb',
  faded: '#4b515b',
  done: OKABE_ITO.sky,
  highlight: '#ff8f4d',
  grid: '#2c3038',
  kinds: { input: '#173a57', parameter: '#5a4112', constant: '#33363c', op: '#22252b', output: '#124536' },
  series: [OKABE_ITO.sky, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.yellow, '#ff8f4d', '#eceff4', '#7fb2e5'],
  regions: ['#1d3a52', '#4d3214', '#153f33', '#46283b', '#4a4215', '#1f4150'],
  positive: OKABE_ITO.sky,
  negative: OKABE_ITO.orange,
};

export type ThemeOption = 'light' | 'dark' | Theme;

/** The theme an option names (default light). */
export function themeOf(option: ThemeOption | undefined): Theme {
  if (option === undefined || option === 'light') return LIGHT;
  if (option === 'dark') return DARK;
  if (typeof option === 'object' && option !== null && 'kinds' in option) return option;
  throw new RangeError(`theme: expected 'light', 'dark' or a Theme object, got ${JSON.stringify(option)}`);
}

/** The ith colour of a cyclic list. */
export function nth(colors: readonly string[], i: number): string {
  return colors[i % colors.length];
}
