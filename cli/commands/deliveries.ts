// Placeholder until this command lands; it says so instead of pretending.
import type { CommandSpec } from '../command.js';

export const command: CommandSpec = {
  name: 'deliveries',
  summary: 'not built yet',
  usage: 'credkit deliveries',
  options: {},
  async run({ stderr }) {
    stderr.write('credkit deliveries: not built yet in this version of credkit\n');
    return 1;
  },
};
