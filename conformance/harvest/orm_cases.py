"""The operations of the ORM differential test. Each numbered item of issue 14 has cases named
``iNN-…``; the rest cover lookups across forward, reverse and many-to-many paths, Q and F,
exclude on multi-valued relations, annotate/aggregate/values/ordering/slicing, writes,
deletes, select/prefetch (with query counts), raw and transactions."""

CASES = []


def case(id, title, op, **spec):
    CASES.append(dict(id=id, title=title, op=op, **spec))


# Models whose Meta.ordering orders a queryset that has no order_by().
ORDERED_MODELS = {'Tag', 'Category'}


def query(id, title, q, run='rows', unordered=None):
    ordered = any(step[0] in ('order_by', 'reverse') for step in q[1:]) or q[0] in ORDERED_MODELS
    if unordered is None:
        unordered = run == 'rows' and not ordered
    case(id, title, 'query', q=q, run=run, **({'unordered': True} if unordered else {}))


def write(id, title, steps, observe=()):
    case(id, title, 'write', steps=steps, observe=[list(o) for o in observe])


def F(name, *ops, order=None):
    spec = {'F': name}
    if ops:
        spec['ops'] = [list(o) for o in ops]
    if order:
        spec['order'] = list(order)
    return spec


def agg(fn, arg, **options):
    return dict(agg=fn, arg=arg, **options)


def Q(**kw):
    return {'Q': kw}


ID = ['order_by', 'id']

# ---- 1. values() then annotate() groups by the values and keeps the annotation ----
query('i01-values-annotate', 'values(author).annotate(n=Count(id))',
      ['Post', ['values', 'author'], ['annotate', {'n': agg('Count', 'id')}], ['order_by', 'author']])
query('i01-values-annotate-order', 'values(author).annotate(n).order_by(-n, author)',
      ['Post', ['values', 'author'], ['annotate', {'n': agg('Count', 'id')}],
       ['order_by', '-n', 'author']])
query('i01-values-annotate-sum', 'values(category).annotate(total=Sum(views))',
      ['Post', ['values', 'category'], ['annotate', {'total': agg('Sum', 'views')}],
       ['order_by', 'category']])
query('i01-values-annotate-filter', 'values(author).annotate(n).filter(n__gt=5)',
      ['Post', ['values', 'author'], ['annotate', {'n': agg('Count', 'id')}],
       ['filter', {'n__gt': 5}], ['order_by', 'author']])

# ---- 2. annotate() then values() groups by the pk ----
query('i02-annotate-values', 'Tag.annotate(n=Count(posts)).values(n)',
      ['Tag', ['annotate', {'n': agg('Count', 'posts')}], ['values', 'n'], ['order_by', 'id']])
query('i02-annotate-values-list', 'Tag.annotate(n).order_by(id).values_list(slug, n)',
      ['Tag', ['annotate', {'n': agg('Count', 'posts')}], ID, ['values_list', 'slug', 'n']])
query('i02-annotate-values-name', 'Author.annotate(n=Count(posts)).values(n) (one row per author)',
      ['Author', ['annotate', {'n': agg('Count', 'posts')}], ['order_by', 'id'], ['values', 'n']])

# ---- 3. count() agrees with the rows ----
query('i03-count-reverse', 'Author.filter(posts__published=True).count()',
      ['Author', ['filter', {'posts__published': True}]], ['count'])
query('i03-len-reverse', 'len(Author.filter(posts__published=True))',
      ['Author', ['filter', {'posts__published': True}]], ['len'])
query('i03-count-m2m-in', 'Post.filter(tags__in=[1, 2]).count()',
      ['Post', ['filter', {'tags__in': [1, 2]}]], ['count'])
query('i03-len-m2m-in', 'len(Post.filter(tags__in=[1, 2]))',
      ['Post', ['filter', {'tags__in': [1, 2]}]], ['len'])
query('i03-count-distinct', 'Post.filter(tags__in=[1, 2]).distinct().count()',
      ['Post', ['filter', {'tags__in': [1, 2]}], ['distinct']], ['count'])

# ---- 4. filter= on aggregates ----
query('i04-aggregate-filter', 'aggregate(n=Count(id, filter=Q(published=True)))',
      ['Post'], ['aggregate', {'n': agg('Count', 'id', filter=Q(published=True)),
                               'all': agg('Count', 'id')}])
query('i04-annotate-filter', 'Author.annotate(pub=Count(posts, filter=Q(posts__published)))',
      ['Author', ['annotate', {'pub': agg('Count', 'posts', filter=Q(posts__published=True))}],
       ID])
query('i04-aggregate-sum-filter', 'aggregate(v=Sum(views, filter=Q(views__gt=100)))',
      ['Post'], ['aggregate', {'v': agg('Sum', 'views', filter=Q(views__gt=100))}])

# ---- 5. exclude() through a nullable chain keeps NULL rows ----
query('i05-exclude-null-chain', 'exclude(category__parent__slug=tech)',
      ['Post', ['exclude', {'category__parent__slug': 'tech'}], ID])
query('i05-not-q-null-chain', 'filter(~Q(category__parent__slug=tech))',
      ['Post', ['filter', {'not': Q(category__parent__slug='tech')}], ID])
query('i05-exclude-null-fk', 'exclude(category__slug=python)',
      ['Post', ['exclude', {'category__slug': 'python'}], ID])
query('i05-exclude-nullable-int', 'Author.exclude(rank=2)', ['Author', ['exclude', {'rank': 2}], ID])

# ---- 6. exclude(a, b) negates the conjunction ----
query('i06-exclude-two', 'exclude(published=True, views__gt=100)',
      ['Post', ['exclude', {'published': True, 'views__gt': 100}], ID])
query('i06-exclude-two-q', 'exclude(Q(published=True), Q(views__gt=100))',
      ['Post', ['exclude', Q(published=True), Q(views__gt=100)], ID])
query('i06-exclude-chained', 'exclude(published=True).exclude(views__gt=100)',
      ['Post', ['exclude', {'published': True}], ['exclude', {'views__gt': 100}], ID])

# ---- 7. decimals order, aggregate and round exactly ----
query('i07-order-decimal', 'Price.order_by(amount)', ['Price', ['order_by', 'amount', 'id']])
query('i07-order-decimal-desc', 'Price.order_by(-amount)', ['Price', ['order_by', '-amount']])
query('i07-minmax-decimal', 'Price.aggregate(Min, Max, Sum)', ['Price'],
      ['aggregate', {'lo': agg('Min', 'amount'), 'hi': agg('Max', 'amount'),
                     'total': agg('Sum', 'amount')}])
query('i07-latest-decimal', 'Price.latest(amount)', ['Price'], ['latest', 'amount'])
query('i07-gt-decimal', 'Price.filter(amount__gt=9.5)',
      ['Price', ['filter', {'amount__gt': {'decimal': '9.5'}}], ID])
query('i07-range-decimal', 'Post.filter(rating__range=(9.5, 10.05))',
      ['Post', ['filter', {'rating__range': [{'decimal': '9.5'}, {'decimal': '10.05'}]}], ID])
query('i07-values-decimal', 'Price.values_list(amount)', ['Price', ID, ['values_list', 'amount', {'flat': True}]])
write('i07-round-half-even', 'create Price(amount=2.345) stores 2.34',
      [['create', 'Price', {'label': 'r1', 'amount': {'decimal': '2.345'}}],
       ['create', 'Price', {'label': 'r2', 'amount': {'decimal': '2.355'}}],
       ['create', 'Price', {'label': 'r3', 'amount': {'decimal': '-2.345'}}]],
      [(['Price', ['filter', {'label__startswith': 'r'}], ['order_by', 'label'],
         ['values_list', 'amount', {'flat': True}]], 'rows')])
query('i07-order-rating', 'Post.order_by(-rating, id)', ['Post', ['order_by', '-rating', 'id']])

# ---- 8. aggregate over a sliced, ordered queryset ----
query('i08-aggregate-slice', "order_by('-views')[:5].aggregate(Sum(views))",
      ['Post', ['order_by', '-views', 'id'], ['slice', 0, 5]],
      ['aggregate', {'total': agg('Sum', 'views')}])
query('i08-count-slice', "order_by('-views')[2:7].count()",
      ['Post', ['order_by', '-views', 'id'], ['slice', 2, 7]], ['count'])

# ---- 9. distinct() with an ordering across a relation ----
query('i09-distinct-order-relation', 'Author.order_by(posts__views).distinct()',
      ['Author', ['filter', {'posts__published': True}], ['order_by', 'posts__views', 'id'],
       ['distinct']])
query('i09-distinct-order-fk', 'Post.filter(tags__slug=orm).order_by(author__username).distinct()',
      ['Post', ['filter', {'tags__slug__in': ['orm', 'django']}],
       ['order_by', 'author__username', 'id'], ['distinct']])
query('i09-distinct-values-order', 'Tag.order_by(posts__title).values(slug).distinct()',
      ['Tag', ['filter', {'posts__views__gt': 150}], ['order_by', 'slug'], ['values', 'slug'],
       ['distinct']])

# ---- 10. order by an annotation valuesList leaves out ----
query('i10-order-annotation-hidden', 'Tag.annotate(n).order_by(-n, id).values_list(slug, flat)',
      ['Tag', ['annotate', {'n': agg('Count', 'posts')}], ['order_by', '-n', 'id'],
       ['values_list', 'slug', {'flat': True}]])
query('i10-order-annotation-values', 'Author.annotate(v=Sum(posts__views)).order_by(-v).values(username)',
      ['Author', ['annotate', {'v': agg('Sum', 'posts__views')}], ['order_by', '-v', 'id'],
       ['values', 'username']])

# ---- 11. prefetch respects Meta.ordering; select_related + prefetch through it ----
case('i11-prefetch-m2m-ordering', 'Post.prefetch_related(tags): tags in Tag.Meta.ordering',
     'follow', q=['Post', ['prefetch_related', 'tags'], ID, ['slice', 0, 8]], path='tags')
case('i11-select-then-prefetch', "Comment.select_related('post').prefetch_related('post__tags')",
     'follow', q=['Comment', ['select_related', 'post'], ['prefetch_related', 'post__tags'], ID,
                  ['slice', 0, 10]], path='post.tags')
case('i11-prefetch-reverse-ordering', 'Category.prefetch_related(children)', 'follow',
     q=['Category', ['prefetch_related', 'children'], ID], path='children')

# ---- 12. ISO weeks, raw with dates, integer division ----
query('i12-week', 'values_list(day, day__week)', ['Post', ID, ['slice', 0, 10],
                                                  ['values_list', 'day', 'day__week']])
query('i12-week-filter', 'filter(day__week=53)', ['Post', ['filter', {'day__week': 53}], ID])
query('i12-week-1', 'filter(day__week=1)', ['Post', ['filter', {'day__week': 1}], ID])
case('i12-raw-date', 'raw with a date parameter', 'raw', model='Post',
     sql='SELECT id, title FROM dj_post WHERE day >= %s ORDER BY id', params=[{'date': '2021-01-01'}],
     attrs=['id', 'title'])
query('i12-int-division', "annotate(d=F('views') / 50)",
      ['Post', ['annotate', {'d': F('views', ('div', 50))}], ID, ['slice', 0, 12]])
query('i12-int-division-filter', "filter(views__gt=F('id') * 3)",
      ['Post', ['filter', {'views__gt': F('id', ('mul', 3))}], ID])

# ---- 13. get_or_create re-raises the IntegrityError ----
write('i13-get-or-create-integrity', 'get_or_create hitting a unique constraint',
      [['get_or_create', 'Author', {'email': 'new@example.com'}, {'username': 'ann'}]])
write('i13-get-or-create-found', 'get_or_create finds', [['get_or_create', 'Author', {'username': 'bob'}]])
write('i13-get-or-create-creates', 'get_or_create creates',
      [['get_or_create', 'Author', {'username': 'zed'}, {'email': 'z@example.com'}]],
      [(['Author', ['filter', {'username': 'zed'}], ['values_list', 'email', {'flat': True}]], 'rows')])
write('i13-update-or-create', 'update_or_create updates',
      [['update_or_create', 'Author', {'username': 'bob'}, {'rank': 9}]],
      [(['Author', ['filter', {'username': 'bob'}], ['values_list', 'rank', {'flat': True}]], 'rows')])

# ---- 14. dates(), datetimes(), nulls ordering, transforms in values, author__pk ----
query('i14-dates-month', "dates('created', 'month')", ['Post'], ['dates', 'created', 'month'])
query('i14-dates-year-desc', "dates('day', 'year', 'DESC')", ['Post'], ['dates', 'day', 'year', 'DESC'])
query('i14-dates-day', "filter(published).dates('day', 'day')", ['Post', ['filter', {'published': True}]],
      ['dates', 'day', 'day'])
query('i14-datetimes-day', "datetimes('created', 'day')", ['Comment', ['filter', {'id__lte': 20}]],
      ['datetimes', 'created', 'day'])
query('i14-datetimes-hour', "datetimes('created', 'hour')", ['Comment', ['filter', {'id__lte': 9}]],
      ['datetimes', 'created', 'hour'])
query('i14-nulls-first', 'order_by(F(rank).asc(nulls_first=True))',
      ['Author', ['order_by', F('rank', order=('asc', {'nulls_first': True})), 'id']])
query('i14-nulls-last', 'order_by(F(rank).desc(nulls_last=True))',
      ['Author', ['order_by', F('rank', order=('desc', {'nulls_last': True})), 'id']])
query('i14-score-nulls-last', 'Post.order_by(F(score).asc(nulls_last))',
      ['Post', ['order_by', F('score', order=('asc', {'nulls_last': True})), 'id'],
       ['values_list', 'id', {'flat': True}]])
query('i14-values-year', "values('created__year')",
      ['Post', ID, ['slice', 0, 6], ['values', 'id', 'created__year', 'created__month']])
query('i14-values-year-annotate', "values('created__year').annotate(n=Count(id))",
      ['Post', ['values', 'created__year'], ['annotate', {'n': agg('Count', 'id')}],
       ['order_by', 'created__year']])
query('i14-author-pk', 'filter(author__pk=1)', ['Post', ['filter', {'author__pk': 1}], ID])
query('i14-author-pk-in', 'filter(author__pk__in=[1, 2])', ['Post', ['filter', {'author__pk__in': [1, 2]}], ID])
query('i14-author-id', 'filter(author__id=2)', ['Post', ['filter', {'author__id': 2}], ID])
query('i14-at', 'Post.order_by(id)[5]', ['Post', ID], ['at', 5])
query('i14-union', 'filter(id__lt=3).union(filter(id__gt=38))',
      ['Post', ['filter', {'id__lt': 3}], ['union', ['Post', ['filter', {'id__gt': 38}]]], ID])
query('i14-intersection', 'filter(id__lt=10).intersection(filter(id__gt=5))',
      ['Post', ['filter', {'id__lt': 10}], ['intersection', ['Post', ['filter', {'id__gt': 5}]]], ID])
query('i14-difference', 'filter(id__lt=10).difference(filter(published=True))',
      ['Post', ['filter', {'id__lt': 10}], ['difference', ['Post', ['filter', {'published': True}]]],
       ID])
query('i14-reverse', 'order_by(id).reverse()[:3]', ['Post', ID, ['reverse'], ['slice', 0, 3]])

# ---- the seed's snippets ----
case('seed-select-prefetch', "filter(published).select_related('author','category').prefetch_related('tags')",
     'follow', q=['Post', ['filter', {'published': True}], ['select_related', 'author', 'category'],
                  ['prefetch_related', 'tags'], ID], path='author.username')
query('seed-aggregate', "aggregate(total_views=Sum('views'), avg_views=Avg('views'))", ['Post'],
      ['aggregate', {'total_views': agg('Sum', 'views'), 'avg_views': agg('Avg', 'views')}])
query('seed-category-count', "Category.annotate(post_count=Count('posts')).filter(post_count__gt=0)",
      ['Category', ['annotate', {'post_count': agg('Count', 'posts')}], ['filter', {'post_count__gt': 0}]],
      # Since Django 3.1, Meta.ordering no longer orders a GROUP BY query.
      unordered=True)
query('seed-search', 'Q(title__icontains=q) | Q(content__icontains=q)',
      ['Post', ['filter', {'or': [Q(title__icontains='django'), Q(content__icontains='django')]}], ID])
query('seed-get-404', 'get(slug=..., published=True)', ['Post'], ['get', {'slug': 'post-4', 'published': True}])
query('seed-get-404-missing', 'get(slug=..., published=True) on a draft', ['Post'],
      ['get', {'slug': 'post-3', 'published': True}])
case('seed-raw', 'Post.objects.raw', 'raw', model='Post',
     sql='SELECT * FROM dj_post WHERE views > %s ORDER BY views DESC, id', params=[150],
     attrs=['id', 'title', 'views'])
write('seed-likes', 'post.likes.add/remove, author.liked',
      [['m2m_add', 'Post', 1, 'likes', [2, 3]], ['m2m_remove', 'Post', 1, 'likes', [1]],
       ['m2m_set', 'Author', 4, 'liked', [1, 2, 3]]],
      [(['Post', ['filter', {'likes__username': 'dee'}], ID], 'rows')])

# ---- lookups across forward, reverse and many-to-many paths ----
LOOKUPS = [
    ('title__exact', 'Django tips 0'), ('title__iexact', 'django TIPS 0'),
    ('title__contains', 'jango'), ('title__icontains', 'DJANGO'), ('title__startswith', 'Py'),
    ('title__istartswith', 'py'), ('title__endswith', '1'), ('title__iendswith', 'S 12'),
    ('views__gt', 150), ('views__gte', 185), ('views__lt', 20), ('views__lte', 37),
    ('views__in', [0, 37, 74]), ('views__range', [50, 100]), ('score__isnull', True),
    ('category__isnull', True), ('title__regex', r'^[DN]'), ('title__iregex', r'^(node|sql)'),
    ('created__year', 2020), ('created__month', 3), ('created__day__gte', 20),
    ('created__week_day', 2), ('created__quarter', 4), ('created__hour__lt', 3),
    ('created__minute', 22), ('created__date', {'date': '2020-03-04'}), ('day__year', 2021),
    ('day__month__in', [1, 12]), ('day__gt', {'date': '2021-01-01'}), ('rating', {'decimal': '9.5'}),
    ('created__gte', {'datetime': '2020-06-01T00:00:00Z'}), ('score__gt', 5.5),
    ('content__contains', 'SQL'), ('content__icontains', 'sql'),
]
for i, (key, val) in enumerate(LOOKUPS):
    query('lookup-%02d-%s' % (i, key), 'filter(%s)' % key, ['Post', ['filter', {key: val}], ID])
PATHS = [
    ('Post', 'author__username', 'ann'), ('Post', 'author__username__startswith', 'd'),
    ('Post', 'category__parent__slug', 'tech'), ('Post', 'category__parent__isnull', True),
    ('Post', 'tags__slug', 'orm'), ('Post', 'tags__name__iexact', 'DJANGO'),
    ('Post', 'likes__username', 'cy'), ('Post', 'comments__approved', False),
    ('Post', 'comments__author__username', 'bob'), ('Post', 'author__profile__bio__contains', 'ann'),
    ('Author', 'posts__title__icontains', 'node'), ('Author', 'posts__tags__slug', 'zen'),
    ('Author', 'liked__views__gt', 180), ('Author', 'comments__post__category__slug', 'life'),
    ('Author', 'profile__isnull', True), ('Author', 'profile__bio__endswith', 'bob'),
    ('Tag', 'posts__author__username', 'eve'), ('Tag', 'posts__isnull', True),
    ('Category', 'posts__views__gte', 190), ('Category', 'children__slug', 'python'),
    ('Category', 'parent__name', 'Life'), ('Comment', 'post__tags__slug', 'sql'),
    ('Comment', 'post__author', 1), ('Comment', 'post__author__in', [1, 2]),
]
for i, (model, key, val) in enumerate(PATHS):
    query('path-%02d-%s-%s' % (i, model.lower(), key), '%s.filter(%s)' % (model, key),
          [model, ['filter', {key: val}], ID])
    query('path-%02d-%s-%s-exclude' % (i, model.lower(), key), '%s.exclude(%s)' % (model, key),
          [model, ['exclude', {key: val}], ID])

# ---- Q and F ----
query('q-or-and', '(Q(published) & Q(views__gt=100)) | Q(category=None)',
      ['Post', ['filter', {'or': [{'and': [Q(published=True), Q(views__gt=100)]},
                                  Q(category__isnull=True)]}], ID])
query('q-not-or', '~(Q(published) | Q(views__lt=50))',
      ['Post', ['filter', {'not': {'or': [Q(published=True), Q(views__lt=50)]}}], ID])
query('q-with-kwargs', 'filter(Q(title__icontains=orm) | Q(content__icontains=orm), published=True)',
      ['Post', ['filter', {'or': [Q(title__icontains='orm'), Q(content__icontains='orm')]},
                {'published': True}], ID])
query('q-m2m-not', '~Q(tags__slug=orm)', ['Post', ['filter', {'not': Q(tags__slug='orm')}], ID])
query('f-compare', "filter(views__lt=F('id') * 4)", ['Post', ['filter', {'views__lt': F('id', ('mul', 4))}], ID])
query('f-related', "Comment.filter(author=F('post__author'))",
      ['Comment', ['filter', {'author': F('post__author')}], ID])
query('f-annotate-add', "annotate(v=F('views') + 1)", ['Post', ['annotate', {'v': F('views', ('add', 1))}],
                                                     ID, ['slice', 0, 5]])

# ---- exclude on multi-valued relations ----
query('exclude-mv-two', 'Author.exclude(posts__published=False, posts__views__gt=100)',
      ['Author', ['exclude', {'posts__published': False, 'posts__views__gt': 100}], ID])
query('exclude-mv-chain', 'Author.exclude(posts__published=False).exclude(posts__views__gt=150)',
      ['Author', ['exclude', {'posts__published': False}], ['exclude', {'posts__views__gt': 150}], ID])
query('exclude-m2m', 'Post.exclude(tags__slug__in=[orm, zen])',
      ['Post', ['exclude', {'tags__slug__in': ['orm', 'zen']}], ID])
query('filter-mv-same-row', 'Author.filter(posts__published=True, posts__views__gt=150)',
      ['Author', ['filter', {'posts__published': True, 'posts__views__gt': 150}], ['distinct'], ID])
query('filter-mv-chain', 'Author.filter(posts__published=True).filter(posts__views__gt=150)',
      ['Author', ['filter', {'posts__published': True}], ['filter', {'posts__views__gt': 150}],
       ['distinct'], ID])

# ---- annotate / aggregate / values / ordering / slicing ----
query('ann-count-distinct', 'Author.annotate(t=Count(posts__tags, distinct=True))',
      ['Author', ['annotate', {'t': agg('Count', 'posts__tags', distinct=True)}], ID])
query('ann-two-multi', 'Author.annotate(p=Count(posts, distinct), c=Count(comments, distinct))',
      ['Author', ['annotate', {'p': agg('Count', 'posts', distinct=True),
                               'c': agg('Count', 'comments', distinct=True)}], ID])
query('ann-filter-then', 'filter(posts__published).annotate(n=Count(posts))',
      ['Author', ['filter', {'posts__published': True}], ['annotate', {'n': agg('Count', 'posts')}], ID])
query('ann-then-filter', 'annotate(n=Count(posts)).filter(posts__published)',
      ['Author', ['annotate', {'n': agg('Count', 'posts')}], ['filter', {'posts__published': True}], ID])
query('ann-max-min', 'Category.annotate(hi=Max(posts__views), lo=Min(posts__created))',
      ['Category', ['annotate', {'hi': agg('Max', 'posts__views'), 'lo': agg('Min', 'posts__created')}], ID])
query('ann-avg', 'Author.annotate(a=Avg(posts__views))',
      ['Author', ['annotate', {'a': agg('Avg', 'posts__views')}], ID])
query('agg-all', 'aggregate over everything', ['Post'],
      ['aggregate', {'n': agg('Count', 'id'), 's': agg('Sum', 'views'), 'mx': agg('Max', 'created'),
                     'mn': agg('Min', 'day'), 'a': agg('Avg', 'score'), 'r': agg('Max', 'rating')}])
query('agg-empty', 'aggregate of nothing', ['Post', ['filter', {'views__gt': 1000}]],
      ['aggregate', {'n': agg('Count', 'id'), 's': agg('Sum', 'views'), 'a': agg('Avg', 'views')}])
query('agg-relation', 'Author.aggregate(Count(posts), Sum(posts__views))', ['Author'],
      ['aggregate', {'n': agg('Count', 'posts'), 's': agg('Sum', 'posts__views')}])
query('agg-after-annotate', 'Author.annotate(n=Count(posts)).aggregate(Max(n))',
      ['Author', ['annotate', {'n': agg('Count', 'posts')}]], ['aggregate', {'m': agg('Max', 'n')}])
query('values-relation', "values('title', 'author__username', 'category__parent__name')",
      ['Post', ID, ['slice', 0, 8], ['values', 'title', 'author__username', 'category__parent__name']])
query('values-all', 'Author.values()', ['Author', ID, ['values']])
query('values-list-flat', "values_list('slug', flat=True)", ['Tag', ['values_list', 'slug', {'flat': True}]])
query('values-m2m', "values('id', 'tags__slug')", ['Post', ['filter', {'id__lte': 4}],
                                                    ['order_by', 'id', 'tags__slug'], ['values', 'id', 'tags__slug']])
query('values-distinct', "values('author').distinct()", ['Post', ['values', 'author'], ['distinct'],
                                                         ['order_by', 'author']])
query('order-default', 'Tag.objects.all() (Meta.ordering)', ['Tag'])
query('order-fk', "Post.order_by('category', 'id')", ['Post', ['order_by', 'category', 'id']])
query('order-fk-desc', "Post.order_by('-category', 'id')", ['Post', ['order_by', '-category', 'id']])
query('order-relation', "order_by('author__username', '-views')",
      ['Post', ['order_by', 'author__username', '-views']])
query('order-reverse-meta', 'Tag.reverse()', ['Tag', ['reverse']])
query('slice-offset', '[10:15]', ['Post', ID, ['slice', 10, 15]])
query('slice-of-slice', '[5:20][3:6]', ['Post', ID, ['slice', 5, 20], ['slice', 3, 6]])
query('first', 'Post.order_by(-views).first()', ['Post', ['order_by', '-views', 'id']], ['first'])
query('last', 'Post.order_by(-views).last()', ['Post', ['order_by', '-views', 'id']], ['last'])
query('first-unordered', 'Post.first()', ['Post'], ['first'])
query('latest', 'Post.latest()', ['Post'], ['latest'])
query('earliest-day', 'Post.earliest(day, id)', ['Post'], ['earliest', 'day', 'id'])
query('exists', 'filter(views__gt=190).exists()', ['Post', ['filter', {'views__gt': 190}]], ['exists'])
query('in-bulk', 'in_bulk([1, 2, 99])', ['Tag'], ['in_bulk', [1, 2, 99]])
query('get-multiple', 'get(published=True)', ['Post'], ['get', {'published': True}])
query('subquery-in', 'filter(author__in=Author.filter(rank__gte=3))',
      ['Post', ['filter', {'author__in': {'q': ['Author', ['filter', {'rank__gte': 3}]]}}], ID])
query('none', 'none()', ['Post', ['none']])
query('only-defer', "only('title') loads the rest", ['Post', ['only', 'title'], ID, ['slice', 0, 3]])

# ---- select/prefetch with query counts, lazy loading ----
case('lazy-fk', 'post.author.username without select_related (one query per row)', 'follow',
     q=['Post', ID, ['slice', 0, 5]], path='author.username')
case('lazy-fk-null', 'post.category.name with NULL categories', 'follow',
     q=['Post', ['filter', {'id__gte': 4}], ID, ['slice', 0, 4]], path='category.name')
case('lazy-o2o', 'author.profile.bio', 'follow', q=['Author', ['filter', {'id__lte': 3}], ID], path='profile.bio')
case('select-fk', "select_related('author')", 'follow',
     q=['Post', ['select_related', 'author'], ID, ['slice', 0, 5]], path='author.username')
case('select-nested', "select_related('category__parent')", 'follow',
     q=['Post', ['select_related', 'category__parent'], ID, ['slice', 0, 6]], path='category.parent.slug')
case('prefetch-reverse', "Author.prefetch_related('posts')", 'follow',
     q=['Author', ['prefetch_related', 'posts'], ID], path='posts')
case('prefetch-nested', "Author.prefetch_related('posts__tags')", 'follow',
     q=['Author', ['prefetch_related', 'posts__tags'], ID, ['slice', 0, 3]], path='posts')
case('prefetch-m2m-reverse', "Tag.prefetch_related('posts')", 'follow',
     q=['Tag', ['prefetch_related', 'posts'], ID], path='posts')
case('comments-author', 'post.comments.all() then comment.author.username', 'follow',
     q=['Comment', ['filter', {'post': 1}], ID], path='author.username')

# ---- writes and deletes ----
write('update-f', "update(views=F('views') + 1)",
      [['update', ['Post', ['filter', {'published': True}]], {'views': F('views', ('add', 1))}]],
      [(['Post'], ['aggregate', {'s': agg('Sum', 'views')}])])
write('update-relation-filter', 'filter(author__username=ann).update(published=False)',
      [['update', ['Post', ['filter', {'author__username': 'ann'}]], {'published': False}]],
      [(['Post', ['filter', {'published': True}]], ['count'])])
write('update-m2m-filter', 'filter(tags__slug=orm).update(views=0)',
      [['update', ['Post', ['filter', {'tags__slug': 'orm'}]], {'views': 0}]],
      [(['Post', ['filter', {'views': 0}]], ['count'])])
write('delete-cascade', 'Author(ann).delete() cascades to posts, comments, links',
      [['delete', ['Author', ['filter', {'username': 'ann'}]]]],
      [(['Post'], ['count']), (['Comment'], ['count'])])
write('delete-set-null', 'Category(tech).delete() sets children and posts to NULL',
      [['delete', ['Category', ['filter', {'slug': 'tech'}]]]],
      [(['Post', ['filter', {'category__isnull': True}]], ['count']),
       (['Category', ['filter', {'parent__isnull': True}]], ['count'])])
write('delete-filtered', 'Comment.filter(approved=False).delete()',
      [['delete', ['Comment', ['filter', {'approved': False}]]]], [(['Comment'], ['count'])])
write('save-f-vote', "post.views = F('views') + 1; save(); refresh_from_db()",
      [['save_expr', 'Post', 3, 'views', F('views', ('add', 1))]])
write('related-create-fk', 'author.posts.create(...) has post.author set (no query)',
      [['related_create', 'Author', 2, 'posts',
        {'title': 'New', 'slug': 'new-post', 'created': {'datetime': '2022-01-01T00:00:00Z'},
         'day': {'date': '2022-01-01'}}, 'author']])
write('create-then-query', 'create then filter',
      [['create', 'Tag', {'name': 'new', 'slug': 'new'}]],
      [(['Tag', ['filter', {'slug': 'new'}], ['values_list', 'name', {'flat': True}]], 'rows')])
write('create-duplicate', 'create with a duplicate unique slug', [['create', 'Tag', {'name': 'x', 'slug': 'orm'}]])
write('m2m-clear', 'post.tags.clear()', [['m2m_clear', 'Post', 2, 'tags']],
      [(['Post', ['filter', {'tags__isnull': True}]], ['count'])])
write('atomic-inner-fails', 'an inner atomic block that fails is rolled back alone',
      [['create', 'Tag', {'name': 'kept', 'slug': 'kept'}],
       ['atomic_fails', [['create', 'Tag', {'name': 'lost', 'slug': 'lost'}]]]],
      [(['Tag', ['filter', {'slug__in': ['kept', 'lost']}], ['values_list', 'slug', {'flat': True}]], 'rows')])
