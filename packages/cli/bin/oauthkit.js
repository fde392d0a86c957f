#!/usr/bin/env node
// Checked in, not built: npm links a bin only if its file exists at install time, and on a
// fresh clone `npm ci` links before `prepare` builds dist/. So the bin is this shim.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('oauthkit is not built yet: run `npm run build` in the repository root.');
    process.exit(1);
  }
  throw error;
}
