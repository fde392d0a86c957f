/** The running command's output, so the Ctrl-C handler in bin.ts can clear a spinner. Tiny on purpose (start-up). */
export const active: { output?: { stopSpinner(): void } } = {};
