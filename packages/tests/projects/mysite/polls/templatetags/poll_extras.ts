import { Library } from '@stack/framework/templates';

export const register = new Library();

/** `{{ choice.votes|votes }}`: "1 vote", "3 votes". */
register.filter(
  'votes',
  (count: unknown) => `${Number(count)} vote${Number(count) === 1 ? '' : 's'}`,
);
