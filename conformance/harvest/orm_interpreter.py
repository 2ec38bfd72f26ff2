"""Runs one case of ``orm_cases.py`` through Django and returns its answer as JSON data.

The case language is shared with the Stack replay (``packages/orm/test/django/interpreter.ts``):
a query is ``[Model, [method, ...args], ...]``; a lookup value, an expression or a Q is a JSON
object (``{"F": "views", "ops": [["div", 50]]}``, ``{"agg": "Count", "arg": "posts"}``,
``{"or": [{"Q": {...}}, ...]}``, ``{"q": [...]}`` for a subquery, ``{"date": "2020-01-01"}``).
Writes run inside a transaction that is rolled back, so every case sees the same fixture.
"""

import datetime
import decimal

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Avg, Count, F, Max, Min, Q, Sum, Value
from django.test.utils import CaptureQueriesContext

import orm_schema as schema

MODELS = {m.__name__: m for m in schema.MODELS}
AGGREGATES = {'Count': Count, 'Sum': Sum, 'Avg': Avg, 'Min': Min, 'Max': Max}


class Rollback(Exception):
    pass


def value(spec):
    """A lookup value or an expression."""
    if isinstance(spec, list):
        return [value(v) for v in spec]
    if not isinstance(spec, dict):
        return spec
    if 'F' in spec:
        expr = F(spec['F'])
        for op, arg in spec.get('ops', []):
            other = value(arg)
            expr = {'add': expr.__add__, 'sub': expr.__sub__, 'mul': expr.__mul__,
                    'div': expr.__truediv__}[op](other)
        if 'order' in spec:
            direction, options = spec['order']
            expr = getattr(expr, direction)(**options)
        return expr
    if 'agg' in spec:
        options = {}
        if spec.get('distinct'):
            options['distinct'] = True
        if 'filter' in spec:
            options['filter'] = q_of(spec['filter'])
        return AGGREGATES[spec['agg']](value(spec['arg']) if isinstance(spec['arg'], dict)
                                       else spec['arg'], **options)
    if 'value' in spec:
        return Value(spec['value'])
    if 'q' in spec:
        return queryset(spec['q'])
    if 'date' in spec:
        return datetime.date.fromisoformat(spec['date'])
    if 'datetime' in spec:
        return datetime.datetime.fromisoformat(spec['datetime'].replace('Z', '+00:00'))
    if 'decimal' in spec:
        return decimal.Decimal(spec['decimal'])
    raise ValueError('unknown value %r' % spec)


def kwargs_of(spec):
    return {k: value(v) for k, v in spec.items()}


def q_of(spec):
    if 'Q' in spec:
        return Q(**kwargs_of(spec['Q']))
    if 'or' in spec or 'and' in spec:
        parts = [q_of(s) for s in spec.get('or', spec.get('and'))]
        out = parts[0]
        for part in parts[1:]:
            out = (out | part) if 'or' in spec else (out & part)
        return out
    if 'not' in spec:
        return ~q_of(spec['not'])
    raise ValueError('unknown Q %r' % spec)


def condition_args(args):
    positional, keywords = [], {}
    for arg in args:
        if any(k in arg for k in ('Q', 'or', 'and', 'not')):
            positional.append(q_of(arg))
        else:
            keywords.update(kwargs_of(arg))
    return positional, keywords


def queryset(spec):
    model = MODELS[spec[0]]
    qs = model.objects.all()
    for step in spec[1:]:
        method, args = step[0], step[1:]
        if method in ('filter', 'exclude', 'get'):
            positional, keywords = condition_args(args)
            qs = getattr(qs, method)(*positional, **keywords)
        elif method == 'annotate':
            qs = qs.annotate(**{k: value(v) for k, v in args[0].items()})
        elif method == 'order_by':
            qs = qs.order_by(*[value(a) for a in args])
        elif method == 'values_list':
            options = args[-1] if args and isinstance(args[-1], dict) else {}
            names = args[:-1] if options else args
            qs = qs.values_list(*names, **options)
        elif method == 'slice':
            qs = qs[args[0]:args[1]]
        elif method in ('union', 'intersection', 'difference'):
            options = args[-1] if isinstance(args[-1], dict) else {}
            others = [queryset(a) for a in (args[:-1] if options else args)]
            qs = getattr(qs, method)(*others, **options)
        else:
            qs = getattr(qs, method)(*args)
    return qs


def annotations_of(spec):
    names = []
    for step in spec[1:]:
        if step[0] == 'annotate':
            names.extend(step[1].keys())
    return names


def encode(v):
    if isinstance(v, models.Model):
        return {'pk': v.pk}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, float):
        return {'float': v}
    return schema.encode(v)


def row(obj, names):
    if isinstance(obj, models.Model):
        if not names:
            return obj.pk
        out = {'pk': obj.pk}
        for name in names:
            out[name] = encode(getattr(obj, name))
        return out
    return encode(obj)


def error(exc):
    name = type(exc).__name__
    if name.endswith('DoesNotExist'):
        return {'error': 'DoesNotExist'}
    if name.endswith('MultipleObjectsReturned'):
        return {'error': 'MultipleObjectsReturned'}
    if isinstance(exc, IntegrityError):
        return {'error': 'IntegrityError'}
    if isinstance(exc, DatabaseError):
        return {'error': 'DatabaseError'}
    return {'error': name}


def guarded(fn):
    """Runs fn in a savepoint, so a failure (recorded as its error class) leaves the rest alone."""
    try:
        with transaction.atomic():
            return fn()
    except Exception as exc:  # noqa: BLE001 (every failure is an answer to compare)
        return error(exc)


def run_query(spec, run):
    qs = queryset(spec)
    names = annotations_of(spec)
    if run == 'rows':
        return [row(o, names) for o in qs]
    kind, args = run[0], run[1:]
    if kind == 'count':
        return qs.count()
    if kind == 'len':
        return len(list(qs))
    if kind == 'exists':
        return qs.exists()
    if kind == 'aggregate':
        return encode(qs.aggregate(**{k: value(v) for k, v in args[0].items()}))
    if kind == 'get':
        positional, keywords = condition_args(args)
        return row(qs.get(*positional, **keywords), names)
    if kind in ('first', 'last'):
        obj = getattr(qs, kind)()
        return None if obj is None else row(obj, names)
    if kind in ('latest', 'earliest'):
        return row(getattr(qs, kind)(*args), names)
    if kind == 'at':
        try:
            return row(qs[args[0]], names)
        except IndexError:
            return None
    if kind in ('dates', 'datetimes'):
        return encode(list(getattr(qs, kind)(*args)))
    if kind == 'in_bulk':
        return {str(k): row(v, names) for k, v in qs.in_bulk(*args).items()}
    raise ValueError('unknown run %r' % (run,))


def follow(obj, path):
    for part in path.split('.'):
        if obj is None:
            return None
        obj = getattr(obj, part)
        if isinstance(obj, models.Manager):
            obj = list(obj.all())
    return obj


def run_case(case):
    op = case['op']
    try:
        if op == 'query':
            return guarded(lambda: run_query(case['q'], case['run']))
        if op == 'follow':
            with CaptureQueriesContext(connection) as ctx:
                out = [encode(follow(o, case['path'])) for o in queryset(case['q'])]
            return {'values': out, 'queries': len(ctx.captured_queries)}
        if op == 'raw':
            model = MODELS[case['model']]
            params = [value(p) for p in case['params']]
            objs = model.objects.raw(case['sql'], params)
            return [[encode(getattr(o, a)) for a in case['attrs']] for o in objs]
        if op == 'write':
            return run_write(case)
    except Exception as exc:  # noqa: BLE001
        return error(exc)
    raise ValueError('unknown op %r' % op)


def run_write(case):
    answer = {}
    try:
        with transaction.atomic():
            answer['steps'] = [guarded(lambda s=s: run_step(s)) for s in case['steps']]
            answer['observe'] = [guarded(lambda o=o: run_query(o[0], o[1]))
                                 for o in case.get('observe', [])]
            raise Rollback()
    except Rollback:
        pass
    return answer


def run_step(step):
    kind, args = step[0], step[1:]
    if kind == 'create':
        # Not the new pk: PostgreSQL's sequences move on failed inserts, SQLite's do not.
        return MODELS[args[0]].objects.create(**kwargs_of(args[1])).pk is not None
    if kind in ('get_or_create', 'update_or_create'):
        obj, created = getattr(MODELS[args[0]].objects, kind)(
            defaults=kwargs_of(args[2]) if len(args) > 2 else None, **kwargs_of(args[1]))
        return [obj.pk if not created else 'new', created]
    if kind == 'update':
        return queryset(args[0]).update(**kwargs_of(args[1]))
    if kind == 'delete':
        total, per_model = queryset(args[0]).delete()
        return [total, {k: v for k, v in sorted(per_model.items()) if v}]
    if kind == 'save_expr':
        model, pk, field, expr = args
        obj = MODELS[model].objects.get(pk=pk)
        setattr(obj, field, value(expr))
        obj.save()
        obj.refresh_from_db()
        return encode(getattr(obj, field))
    if kind == 'related_create':
        model, pk, accessor, kw, back = args
        parent = MODELS[model].objects.get(pk=pk)
        child = getattr(parent, accessor).create(**kwargs_of(kw))
        with CaptureQueriesContext(connection) as ctx:
            same = getattr(child, back) is parent
        return [same, len(ctx.captured_queries)]
    if kind in ('m2m_add', 'm2m_remove', 'm2m_set', 'm2m_clear'):
        model, pk, accessor = args[:3]
        manager = getattr(MODELS[model].objects.get(pk=pk), accessor)
        if kind == 'm2m_set':
            manager.set(args[3])
        elif kind == 'm2m_clear':
            manager.clear()
        else:
            getattr(manager, kind[4:])(*args[3])
        return sorted(o.pk for o in manager.all())
    if kind == 'atomic_fails':
        # An inner atomic block that fails after its steps: its work is rolled back, the
        # outer block goes on.
        try:
            with transaction.atomic():
                for s in args[0]:
                    run_step(s)
                raise Rollback()
        except Rollback:
            return 'rolled back'
    raise ValueError('unknown step %r' % (step,))
