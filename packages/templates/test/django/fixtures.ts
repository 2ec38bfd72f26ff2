/**
 * TypeScript counterparts of the Python objects and tag libraries that Django's template tests
 * put in their contexts and engines (template_tests/utils.py, templatetags/*.py), written the
 * way a Stack user would write them: getters for properties, methods for methods, errors with
 * `silentVariableFailure` for Django's `silent_variable_failure`.
 */
import {
  Library,
  TemplateSyntaxError,
  escape,
  markSafe,
  type TemplateContext,
} from '../../src/index.js';
import type { ObjectFactory } from './decode.js';

function errorClass(name: string, silent: boolean): new () => Error {
  const cls = class extends Error {
    override name = name;
    readonly silentVariableFailure = silent;
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const SomeException = errorClass('SomeException', true);
export const SomeOtherException = errorClass('SomeOtherException', false);
export const ShouldNotExecuteException = errorClass('ShouldNotExecuteException', false);
// What a Python property raising AttributeError is in TypeScript: a getter that throws.
const AttributeError = errorClass('AttributeError', false);

class OtherClass {
  method(): string {
    return 'OtherClass.method';
  }
}

class SomeClass {
  otherclass = new OtherClass();
  method(): string {
    return 'SomeClass.method';
  }
  method2(o: unknown): unknown {
    return o;
  }
  method3(): never {
    throw new SomeException();
  }
  method4(): never {
    throw new SomeOtherException();
  }
  method5(): never {
    throw new TypeError();
  }
  // Python's __getitem__: the template engine asks `getItem` for a key lookup.
  get silent_fail_key(): never {
    throw new SomeException();
  }
  get noisy_fail_key(): never {
    throw new SomeOtherException();
  }
  get silentFailAttribute(): never {
    throw new SomeException();
  }
  get noisyFailAttribute(): never {
    throw new SomeOtherException();
  }
  get attributeErrorAttribute(): never {
    throw new AttributeError();
  }
  get typeErrorAttribute(): never {
    throw new TypeError();
  }
}

class TestObj {
  isTrue(): boolean {
    return true;
  }
  isFalse(): boolean {
    return false;
  }
  isBad(): never {
    throw new ShouldNotExecuteException();
  }
}

class SilentGetItemClass {
  constructor() {
    return new Proxy(this, {
      get(target, key) {
        // Python's __getitem__ serves `obj[key]` lookups only, never attributes such as `then`.
        if (typeof key === 'symbol' || key in target || key === 'then') {
          return Reflect.get(target, key);
        }
        throw new SomeException();
      },
    });
  }
}

class SilentAttrClass {
  get b(): never {
    throw new SomeException();
  }
}

class UTF8Class {
  toString(): string {
    return 'ŠĐĆŽćžšđ';
  }
}

class UnsafeClass {
  toString(): string {
    return 'you & me';
  }
}

// Django's SafeClass returns a SafeString from __str__; the __html__ protocol says the same.
class SafeClass {
  toString(): string {
    return 'you &gt; me';
  }
  __html__(): string {
    return 'you &gt; me';
  }
}

class DictsortUser {
  password = 'abc';
  get test_property(): string {
    return 'cde';
  }
  testMethod(): string {
    return 'xyz';
  }
}

/** Fixture classes by the name the harvest gives them. */
export const classes: ReadonlyMap<string, ObjectFactory> = new Map<string, ObjectFactory>([
  ['SomeClass', () => new SomeClass()],
  ['OtherClass', () => new OtherClass()],
  ['TestObj', () => new TestObj()],
  ['SilentGetItemClass', () => new SilentGetItemClass()],
  ['SilentAttrClass', () => new SilentAttrClass()],
  ['UTF8Class', () => new UTF8Class()],
  ['UnsafeClass', () => new UnsafeClass()],
  ['SafeClass', () => new SafeClass()],
  ['dictsort.User', () => new DictsortUser()],
  [
    'range',
    (state) => {
      const { start, stop, step } = state as { start: number; stop: number; step: number };
      const out: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
      return out;
    },
  ],
]);

const str = (value: unknown): string => String(value);

/** template_tests/templatetags/custom.py, as far as the harvested tests use it. */
function customLibrary(): Library {
  const lib = new Library()
    .filter('trim', (value: unknown, num: number) => String(value).slice(0, num), { arg: 'required' })
    .filter('make_data_div', (value: unknown) => markSafe(`<div data-name="${str(value)}"></div>`), {
      arg: 'none',
    })
    .filter('noop', (value: unknown) => value, { arg: 'optional' })
    .simpleTag('no_params', () => 'no_params - Expected result', { params: [] })
    .simpleTag('one_param', (arg: unknown) => `one_param - Expected result: ${str(arg)}`, {
      params: ['arg'],
    })
    .simpleTag(
      'explicit_no_context',
      (arg: unknown) => `explicit_no_context - Expected result: ${str(arg)}`,
      { params: ['arg'] },
    )
    .simpleTag(
      'no_params_with_context',
      (context: TemplateContext) =>
        `no_params_with_context - Expected result (context value: ${str(context.get('value'))})`,
      { takesContext: true, params: ['context'] },
    )
    .simpleTag(
      'params_and_context',
      (context: TemplateContext, arg: unknown) =>
        `params_and_context - Expected result (context value: ${str(context.get('value'))}): ${str(arg)}`,
      { takesContext: true, params: ['context', 'arg'] },
    )
    .simpleTag(
      'simple_two_params',
      (one: unknown, two: unknown) => `simple_two_params - Expected result: ${str(one)}, ${str(two)}`,
      { params: ['one', 'two'] },
    )
    .simpleTag(
      'simple_keyword_only_param',
      (kwargs: { kwarg: unknown }) =>
        `simple_keyword_only_param - Expected result: ${str(kwargs.kwarg)}`,
      { params: ['*', 'kwarg'] },
    )
    .simpleTag(
      'simple_keyword_only_default',
      (kwargs: { kwarg?: unknown }) =>
        `simple_keyword_only_default - Expected result: ${str(kwargs.kwarg ?? 42)}`,
      { params: ['*', 'kwarg='] },
    )
    .simpleTag(
      'simple_one_default',
      (one: unknown, two: unknown = 'hi') =>
        `simple_one_default - Expected result: ${str(one)}, ${str(two)}`,
      { params: ['one', 'two='] },
    )
    .simpleTag(
      'simple_unlimited_args',
      (one: unknown, two: unknown = 'hi', ...rest: unknown[]) =>
        `simple_unlimited_args - Expected result: ${[one, two, ...rest.slice(0, -1)].map(str).join(', ')}`,
      { params: ['one', 'two=', '*args'] },
    )
    .simpleTag(
      'simple_only_unlimited_args',
      (...rest: unknown[]) =>
        `simple_only_unlimited_args - Expected result: ${rest.slice(0, -1).map(str).join(', ')}`,
      { params: ['*args'] },
    )
    .simpleTag(
      'simple_unlimited_args_kwargs',
      (one: unknown, two: unknown = 'hi', ...rest: unknown[]) => {
        const kwargs = rest.pop() as Record<string, unknown>;
        const sorted = Object.keys(kwargs)
          .sort()
          .map((k) => `${k}=${str(kwargs[k])}`);
        return `simple_unlimited_args_kwargs - Expected result: ${[one, two, ...rest].map(str).join(', ')} / ${sorted.join(', ')}`;
      },
      { params: ['one', 'two=', '*args', '**kwargs'] },
    )
    .simpleTag('simple_tag_without_context_parameter', () => 'Expected result', {
      takesContext: true,
      params: ['arg'],
    })
    .simpleTag(
      'escape_naive',
      (context: TemplateContext) => `Hello ${str(context.get('name'))}!`,
      { takesContext: true, params: ['context'] },
    )
    .simpleTag(
      'escape_explicit',
      (context: TemplateContext) => escape(`Hello ${str(context.get('name'))}!`),
      { takesContext: true, params: ['context'] },
    )
    .simpleTag('minustwo', (value: number) => value - 2, { params: ['value'] })
    .simpleTag('minusone', (x: number) => x - 1, { params: ['x'] });
  lib.tag('counter', () => {
    let count = 0;
    return { render: () => count++ };
  });
  return lib;
}

function testtagsLibrary(): Library {
  const echo = (_parser: unknown, token: { contents: string }) => {
    const words = token.contents.split(/\s+/).slice(1);
    return { render: () => words.join(' ') };
  };
  return new Library()
    .tag('echo', echo)
    .tag('other_echo', echo)
    .filter('upper', (value: unknown) => String(value).toUpperCase(), { arg: 'none' });
}

function badTagLibrary(): Library {
  return new Library()
    .tag('badtag', () => {
      throw new Error('I am a bad tag');
    })
    .simpleTag(
      'badsimpletag',
      () => {
        throw new Error('I am a bad simpletag');
      },
      { params: [] },
    );
}

/** Libraries by the Python module the harvested engine named. */
export function libraries(): ReadonlyMap<string, Library> {
  return new Map([
    ['template_tests.templatetags.custom', customLibrary()],
    ['template_tests.templatetags.testtags', testtagsLibrary()],
    ['template_tests.templatetags.subpackage.echo', new Library().simpleTag('echo2', (arg: unknown) => arg, { params: ['arg'] })],
    ['template_tests.templatetags.bad_tag', badTagLibrary()],
  ]);
}

export { TemplateSyntaxError };
