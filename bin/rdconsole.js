#!/usr/bin/env node
// The installed command. `npm install` compiles the TypeScript sources into dist/ (the prepare script).
import '../dist/main.js';
