/** Learning-rate schedules: functions from the epoch (from 0) to the learning rate. */
export type Schedule = (epoch: number) => number;

/** η·γ^⌊epoch/every⌋ */
export const stepDecay = (lr: number, every: number, gamma = 0.1): Schedule => (epoch) => lr * Math.pow(gamma, Math.floor(epoch / every));

/** η·γ^epoch */
export const exponentialDecay = (lr: number, gamma: number): Schedule => (epoch) => lr * Math.pow(gamma, epoch);

/** From `lr` to `lrEnd` in a straight line over `epochs`, then `lrEnd`. */
export const linearDecay = (lr: number, lrEnd: number, epochs: number): Schedule => (epoch) => lr + (lrEnd - lr) * Math.min(1, epoch / Math.max(1, epochs));
