/**
 * Every name of Object.prototype (constructor, toString, __proto__, ...) where a user's name selects
 * something on the command line: a formula's function or variable, an --at name, a data set, an
 * optimizer, an activation, a command. Each is an ordinary unknown name (exit 2, one line) or an
 * ordinary variable, never a crash or a silent mix-up.
 */
import { chalkgradInProcess as chalkgrad } from '../helpers/inProcess';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

test.each(NAMES)('%s', async (name) => {
  const unknownFn = await chalkgrad(['grad', `${name}(x)`, '--at', 'x=1']);
  expect(unknownFn.code).toBe(2);
  expect(unknownFn.stderr).toMatch(new RegExp(`^chalkgrad: unknown function '${name}'`));

  const noValue = await chalkgrad(['grad', `${name} + x`, '--at', 'x=1']);
  expect(noValue).toMatchObject({ code: 2, stderr: `chalkgrad: grad: '${name}' has no value; add --at ${name}=...` });

  const variable = await chalkgrad(['grad', `${name} * x`, '--at', `${name}=3,x=2`]);
  expect(variable.code).toBe(0);
  expect(variable.stdout).toContain(`∂f/∂${name} = 2`);
  expect(variable.stdout).toContain('∂f/∂x = 3');
  expect((await chalkgrad(['grad', 'x', '--at', `${name}=1,x=1`])).stderr).toBe(`chalkgrad: grad: ${name} does not appear in the formula`);
  expect((await chalkgrad(['gradcheck', `${name} * x`, '--at', `${name}=3,x=2`])).code).toBe(0);

  for (const [option, what] of [['--dataset', 'data set'], ['--optimizer', 'optimizer'], ['--activation', 'activation']]) {
    const r = await chalkgrad(['train', option, name, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^chalkgrad: train: (--activation: )?unknown ${what} '${name}'; known: `));
    expect(r.stderr.split('\n')).toHaveLength(1);
  }
  expect(await chalkgrad([name])).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^chalkgrad: unknown command '${name}'`)) });
});
