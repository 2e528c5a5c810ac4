/**
 * A user's name selects an entry of a table in many places (an op, a formula function, a data set,
 * an optimizer, a loss). A plain `table[name]` or `name in table` also finds `constructor`,
 * `toString` or `__proto__` on Object.prototype; this finds the table's own entries only.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
