/**
 * Ends every test run with one plain line `N passed, N failed`. A suite that fails to load
 * (a syntax error, a missing import) has no test results, so it counts as one failure here:
 * jest's own "Tests:" line would leave it out.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const brokenSuites = results.testResults.filter((s) => s.testExecError || (s.failureMessage && s.numFailingTests === 0)).length;
    const failed = results.numFailedTests + brokenSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
