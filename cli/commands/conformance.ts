// Placeholder until this command lands; it says so instead of pretending.
import type { CommandSpec } from '../command.js';

export const command: CommandSpec = {
  name: 'conformance',
  summary: 'not built yet',
  usage: 'credkit conformance',
  options: {},
  async run({ stderr }) {
    stderr.write('credkit conformance: not built yet in this version of credkit\n');
    return 1;
  },
};
