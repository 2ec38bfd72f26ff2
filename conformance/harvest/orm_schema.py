"""The differential test's schema and fixture (Django side). The Stack side defines the same
models in ``packages/orm/test/django/models.ts``: same labels, field names and options."""

import datetime
import decimal

from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=50)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey(
        'self', null=True, blank=True, on_delete=models.SET_NULL, related_name='children')

    class Meta:
        app_label = 'dj'
        ordering = ['name']


class Author(models.Model):
    username = models.CharField(max_length=50, unique=True)
    email = models.CharField(max_length=100, blank=True, default='')
    rank = models.IntegerField(null=True)

    class Meta:
        app_label = 'dj'


class Profile(models.Model):
    author = models.OneToOneField(Author, on_delete=models.CASCADE, related_name='profile')
    bio = models.TextField(blank=True, default='')

    class Meta:
        app_label = 'dj'


class Tag(models.Model):
    name = models.CharField(max_length=50)
    slug = models.SlugField(unique=True)

    class Meta:
        app_label = 'dj'
        ordering = ['name']


class Post(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    content = models.TextField(blank=True, default='')
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name='posts')
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name='posts')
    tags = models.ManyToManyField(Tag, related_name='posts', blank=True)
    likes = models.ManyToManyField(Author, related_name='liked', blank=True)
    published = models.BooleanField(default=False)
    views = models.IntegerField(default=0)
    rating = models.DecimalField(max_digits=6, decimal_places=2, default=decimal.Decimal('0'))
    score = models.FloatField(null=True)
    created = models.DateTimeField()
    day = models.DateField()

    class Meta:
        app_label = 'dj'
        get_latest_by = 'created'


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name='comments')
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name='comments')
    text = models.TextField()
    approved = models.BooleanField(default=False)
    created = models.DateTimeField()

    class Meta:
        app_label = 'dj'


class Price(models.Model):
    label = models.CharField(max_length=50)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        app_label = 'dj'


MODELS = [Category, Author, Profile, Tag, Post, Comment, Price]

UTC = datetime.timezone.utc

# Dates on purpose across ISO week boundaries: 2019-01-01 is in week 1 of 2019, 2021-01-01 in
# week 53 of 2020, 2018-12-31 in week 1 of 2019.
DAYS = [
    datetime.date(2019, 1, 1), datetime.date(2021, 1, 1), datetime.date(2018, 12, 31),
    datetime.date(2020, 2, 29), datetime.date(2020, 6, 15), datetime.date(2021, 3, 7),
    datetime.date(2022, 1, 2), datetime.date(2022, 1, 3), datetime.date(2020, 12, 31),
    datetime.date(2021, 7, 4),
]
RATINGS = ['9.50', '10.00', '2.35', '0.00', '99.99', '10.05', '3.10', '9.95', '100.00', '7.25']


def rows_of(model):
    out = []
    for obj in model.objects.order_by('pk'):
        row = {}
        for field in model._meta.concrete_fields:
            value = getattr(obj, field.attname)
            row[field.attname] = encode(value)
        out.append(row)
    return out


def encode(value):
    if isinstance(value, decimal.Decimal):
        return {'decimal': canonical_decimal(value)}
    if isinstance(value, datetime.datetime):
        return {'datetime': iso(value)}
    if isinstance(value, datetime.date):
        return {'date': value.isoformat()}
    return value


def canonical_decimal(value):
    text = format(value, 'f')
    if '.' in text:
        text = text.rstrip('0').rstrip('.')
    return '0' if text in ('-0', '') else text


def iso(value):
    value = value.astimezone(UTC)
    return value.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (value.microsecond // 1000)


def load_fixture():
    """Creates the fixture (deterministic) and returns its rows by model, with the M2M links."""
    parents = {}
    for i, (name, parent) in enumerate([
        ('Tech', None), ('Python', 'tech'), ('JavaScript', 'tech'), ('Life', None),
        ('Travel', 'life'), ('Misc', None),
    ]):
        slug = name.lower()
        parents[slug] = Category.objects.create(
            id=i + 1, name=name, slug=slug, parent=parents.get(parent))
    authors = [
        Author.objects.create(
            id=i + 1, username=name, email='%s@example.com' % name if i % 3 else '',
            rank=None if i % 4 == 0 else (i * 7) % 5)
        for i, name in enumerate(['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus'])
    ]
    for author in authors[:4]:
        Profile.objects.create(id=author.id, author=author, bio='bio of %s' % author.username)
    tags = [
        Tag.objects.create(id=i + 1, name=name, slug=name.lower())
        for i, name in enumerate(['orm', 'Django', 'async', 'node', 'sql', 'Zen'])
    ]
    categories = list(Category.objects.order_by('id'))
    words = ['Django', 'django', 'Node', 'SQL', 'orm', 'Async', 'python', 'Python']
    for i in range(40):
        word = words[i % len(words)]
        post = Post.objects.create(
            id=i + 1,
            title='%s tips %d' % (word, i),
            slug='post-%d' % i,
            content='About %s and %s.' % (words[(i * 3) % len(words)], 'orm' if i % 5 else 'SQL'),
            author=authors[(i * 5) % 7],
            category=None if i % 6 == 5 else categories[i % len(categories)],
            published=i % 3 != 0,
            views=(i * 37) % 200,
            rating=decimal.Decimal(RATINGS[i % len(RATINGS)]),
            score=None if i % 7 == 3 else round(((i * 13) % 50) / 4.0, 2),
            created=datetime.datetime(2020, 1 + i % 12, 1 + (i * 3) % 28, (i * 5) % 24,
                                      (i * 11) % 60, tzinfo=UTC),
            day=DAYS[i % len(DAYS)],
        )
        post.tags.set([tags[j] for j in range(6) if (i + j) % 4 == 0 or (i * j) % 7 == 1])
        post.likes.set([authors[j] for j in range(7) if (i + 2 * j) % 5 == 0])
    for i in range(60):
        Comment.objects.create(
            id=i + 1, post_id=1 + (i * 7) % 40, author=authors[(i * 3) % 7],
            text='comment %d' % i, approved=i % 4 != 1,
            created=datetime.datetime(2021, 1 + i % 12, 1 + i % 28, i % 24, tzinfo=UTC))
    for i, (label, amount) in enumerate([
        ('a', '9.50'), ('b', '10.00'), ('c', '2.35'), ('d', '100.25'), ('e', '-3.50'),
        ('f', '9.99'), ('g', '1234567890.12'),
    ]):
        Price.objects.create(id=i + 1, label=label, amount=decimal.Decimal(amount))
    from django.db import connection
    if connection.vendor == 'postgresql':
        # Rows were inserted with explicit ids: move each sequence past them, as SQLite does.
        tables = [m._meta.db_table for m in MODELS] + [
            Post.tags.through._meta.db_table, Post.likes.through._meta.db_table]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                               "(SELECT MAX(id) FROM %s))" % (table, table))
    fixture = {model.__name__: rows_of(model) for model in MODELS}
    fixture['Post.tags'] = [[p, t] for p, t in Post.tags.through.objects.order_by('post_id', 'tag_id')
                            .values_list('post_id', 'tag_id')]
    fixture['Post.likes'] = [[p, a] for p, a in Post.likes.through.objects.order_by(
        'post_id', 'author_id').values_list('post_id', 'author_id')]
    return fixture
