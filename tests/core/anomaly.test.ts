import { Value, detectAnomaly, setAnomalyDetection, isAnomalyDetectionEnabled, AnomalyError } from '@chalkgrad/core';

describe('anomaly detection', () => {
  test('off by default: NaN flows silently', () => {
    const y = new Value(-1, 'x').log();
    expect(Number.isNaN(y.data)).toBe(true);
  });

  test('forward: names the op, the input values and the domain', () => {
    expect(() => detectAnomaly(() => new Value(-1, 'x').log())).toThrow(AnomalyError);
    expect(() => detectAnomaly(() => new Value(-1, 'x').log())).toThrow('anomaly in forward: log gave value NaN from finite inputs (x = -1). log needs a > 0.');
    expect(() => detectAnomaly(() => new Value(1, 'p').div(new Value(0, 'q')))).toThrow(/div gave value Infinity .*p = 1, q = 0.*b ≠ 0/);
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });

  test('forward: an infinite local derivative is caught too (sqrt at 0)', () => {
    expect(() => detectAnomaly(() => new Value(0, 'z').sqrt())).toThrow(/sqrt gave local derivative Infinity .*z = 0/);
  });

  test('backward: names the node label where the gradient first becomes non-finite', () => {
    const x = new Value(800, 'x');
    const big = x.exp().named('big'); // Infinity, but it is not created in anomaly mode
    const y = big.mul(0).named('y');
    expect(() => y.backward({ anomaly: true })).toThrow(/anomaly in backward: at node y \(mul, value NaN, grad 1\) the gradient into input 1/);
  });

  test('backward: finite values whose gradient overflows are caught at the node that overflows', () => {
    const u = new Value(1e-200, 'u');
    const v = u.mul(1e200).named('v'); // value 1, local derivative 1e200
    const w = v.mul(1e200).named('w'); // value 1e200, local derivative 1e200
    expect([u.data, v.data, w.data].every(Number.isFinite)).toBe(true);
    setAnomalyDetection(true);
    try {
      expect(() => w.backward()).toThrow(/anomaly in backward: at node v \(mul, value 1, grad 1e\+200\) the gradient into input 0 is Infinity: local derivative 1e\+200; inputs u = 1e-200/);
    } finally {
      setAnomalyDetection(false);
    }
    w.backward(); // without the check the overflow passes silently
    expect(u.grad).toBe(Infinity);
  });
});
