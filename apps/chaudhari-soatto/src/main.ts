#!/usr/bin/env node
// The reproduction of Chaudhari & Soatto (ICLR 2018). The experiments land with issue 7.
console.log("langevin reproduce: no experiments yet (apps/chaudhari-soatto is being built).");
