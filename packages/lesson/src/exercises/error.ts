/** A wrong source, option or file, said so a lecturer can fix it (the CLI prints it and exits with 2). */
export class ExerciseError extends Error {
  override name = 'ExerciseError';
}
