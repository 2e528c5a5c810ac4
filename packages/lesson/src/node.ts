/** `@chalkgrad/lesson/node`: what needs Node (pdflatex for the worksheet PDFs, the built lesson page on disk). `@chalkgrad/lesson` stays browser-safe. */
export * from './node/pdf';
export * from './node/page';
