#!/usr/bin/env node
// The loss-landscape reproduction (issue 8).
console.log("loss-landscape: no experiments yet");
