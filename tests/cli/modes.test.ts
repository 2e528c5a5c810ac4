import { chalkgrad } from './helpers';

describe('chalkgrad modes', () => {
  test('one output of five inputs: the same derivatives both ways, and reverse mode is 5× cheaper', () => {
    const r = chalkgrad(['modes', 'w1*x1 + w2*x2 + b', '--at', 'w1=1,x1=2,w2=3,x2=4,b=0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^∂f\/∂w1\s+2\s+2$/m);
    expect(r.stdout).toMatch(/^∂f\/∂x2\s+3\s+3$/m);
    expect(r.stdout).toContain('1 output, 5 inputs, 8 edges');
    expect(r.stdout).toMatch(/^forward\s+5\s+40$/m);
    expect(r.stdout).toMatch(/^reverse\s+1\s+8$/m);
    expect(r.stdout).toContain('reverse mode needs 5× fewer multiply-adds');
  });

  test('one input, three formulas sharing tanh(2*x): forward mode wins', () => {
    const r = chalkgrad(['modes', 'tanh(2*x)*1', 'tanh(2*x)*2', 'tanh(2*x)*3', '--at', 'x=0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('f3 = tanh(2*x)*3');
    expect(r.stdout).toMatch(/^forward\s+1\s+9$/m);
    expect(r.stdout).toMatch(/^reverse\s+3\s+15$/m);
    expect(r.stdout).toContain('forward mode needs 1.67× fewer multiply-adds');
  });

  test('--help, and bad input is one line with exit code 2', () => {
    const help = chalkgrad(['modes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('chalkgrad modes "tanh(2*x)*1" "tanh(2*x)*2"');
    expect(chalkgrad(['--help']).stdout).toMatch(/^ {2}modes\s+forward mode beside reverse mode/m);
    const r = chalkgrad(['modes', 'x*y', '--at', 'x=1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("chalkgrad: modes: 'y' has no value; add --at y=...");
  });
});
