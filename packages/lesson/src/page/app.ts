/** What every tab of the page shares: the state, and the call that records a change in the URL. */
import type { PageState } from './state';

export interface App {
  readonly state: PageState;
  /** The state changed: the URL follows (replaced, not pushed: the back button leaves the page). */
  changed(): void;
}
