// What reading a lab run takes: folding its events, checking each result against what the namespaces
// hold, and the fingerprint of the network it ran on. A module loaded later (later.ts's labReading), with
// the first run: the first screen never has a run, and this was 24 KB of its script (the address parser,
// SHA-512) that it never ran.
export { allResultMismatches, conflistFingerprint, foldLabEvents } from '../../core';
