// Placeholder until this command lands; it says so instead of pretending.
import type { CommandSpec } from '../command.js';

export const command: CommandSpec = {
  name: 'mock',
  summary: 'not built yet',
  usage: 'credkit mock',
  options: {},
  async run({ stderr }) {
    stderr.write('credkit mock: not built yet in this version of credkit\n');
    return 1;
  },
};
