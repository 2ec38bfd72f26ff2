/** `stack seed`: the demo data, created once (`npm start` runs it before the server). */
import type { Command } from '@stack/framework';
import { seedDemoData } from '../demo.ts';

export default {
  name: 'seed',
  help: 'Creates the demo users, categories, tags, posts, comments and likes, unless posts exist.',
  async handle({ stdout }) {
    const { created, posts } = await seedDemoData();
    stdout.write(
      created
        ? stdout.style.SUCCESS(`Created the demo data: ${posts} posts.\n`)
        : `The blog has ${posts} posts already; nothing to do.\n`,
    );
  },
} satisfies Command;
