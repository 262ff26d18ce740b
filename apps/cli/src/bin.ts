#!/usr/bin/env node
console.log("langevin: being built");
