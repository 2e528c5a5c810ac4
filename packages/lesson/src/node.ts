/** `@chalkgrad/lesson/node`: what needs Node (pdflatex for the worksheet PDFs). `@chalkgrad/lesson` stays browser-safe. */
export * from './node/pdf';
