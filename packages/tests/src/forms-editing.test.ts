import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LoginRequiredMixin, getUserModel } from '@stack/contrib-auth';
import {
  Client,
  CreateView,
  DeleteView,
  DetailView,
  UpdateView,
  configure,
  getObjectOr404,
  render,
} from '@stack/core';
import {
  ModelChoiceField,
  RadioSelect,
  defineForm,
  type BaseModelForm,
  type FormOptions,
} from '@stack/forms';
import {
  CASCADE,
  CharField,
  F,
  ForeignKey,
  ImageField,
  IntegerField,
  SET_NULL,
  SchemaEditor,
  SlugField,
  TextField,
  defineModel,
  type RelatedManager,
} from '@stack/orm';
import { HttpResponseRedirect } from '@stack/request';
import { include, path as route, reverse } from '@stack/urls';
import { slugify } from '@stack/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenOf } from './support/browser.js';
import { authProjectSettings, migrate, projectFolder, removeProject } from './support/project.js';

// Issue 16's "done when": the seed's PostCreateView, written the Django way, and the polls
// detail page of Django's tutorial (part 4) with a Form; through the test Client, CSRF on.

class Category extends defineModel<Category>()('blog.Category', {
  name: new CharField({ maxLength: 50 }),
}) {
  override toString(): string {
    return this.name;
  }
}

class Post extends defineModel<Post>()('blog.Post', {
  title: new CharField({ maxLength: 200 }),
  slug: new SlugField({ maxLength: 200, unique: true }),
  content: new TextField(),
  category: new ForeignKey(() => Category, { onDelete: SET_NULL, null: true, blank: true }),
  author: new ForeignKey('auth.User', { onDelete: CASCADE, relatedName: 'posts' }),
}) {
  getAbsoluteUrl(): string {
    return `/posts/${this.slug}/`;
  }
}

// A model with an image, stored through the default storage that the settings (mediaRoot,
// mediaUrl) configure.
class Photo extends defineModel<Photo>()('blog.Photo', {
  caption: new CharField({ maxLength: 100 }),
  image: new ImageField({ uploadTo: 'photos/%Y/', widthField: 'width', heightField: 'height' }),
  width: new IntegerField({ null: true, editable: false }),
  height: new IntegerField({ null: true, editable: false }),
}) {
  getAbsoluteUrl(): string {
    return `/photos/${this.pk}/`;
  }
}

class PhotoCreateView extends CreateView {
  override model = Photo;
  override fields = ['caption', 'image'];
}

class Question extends defineModel<Question>()('polls.Question', {
  questionText: new CharField({ maxLength: 200 }),
}) {
  declare choiceSet: RelatedManager<Choice>;
}

class Choice extends defineModel<Choice>()('polls.Choice', {
  question: new ForeignKey(() => Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {
  override toString(): string {
    return this.choiceText;
  }
}

// The seed's view, as Django writes it: class PostCreateView(LoginRequiredMixin, CreateView).
class PostCreateView extends LoginRequiredMixin(CreateView) {
  override model = Post;
  override fields = ['title', 'content', 'category'];

  override async formValid(form: BaseModelForm<Post>) {
    form.instance.author = await this.request.user;
    form.instance.slug = slugify(form.instance.title);
    return super.formValid(form);
  }
}

class PostUpdateView extends LoginRequiredMixin(UpdateView) {
  override model = Post;
  override fields = ['title', 'content'];
}

// Django's tutorial, part 4: the vote, with a form instead of request.POST['choice'].
class VoteForm extends defineForm({
  choice: new ModelChoiceField({ queryset: Choice.objects.all(), widget: RadioSelect }),
}) {
  constructor(options: FormOptions & { question: Question }) {
    super(options);
    this.fields.choice.queryset = options.question.choiceSet.all();
  }
}

async function detail(request: any, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId });
  return render(request, 'polls/detail.html', { question, form: new VoteForm({ question }) });
}

async function vote(request: any, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId });
  const form = new VoteForm({ data: request.POST, question });
  if (!(await form.isValid())) return render(request, 'polls/detail.html', { question, form });
  await Choice.objects
    .filter({ pk: form.cleanedData.choice.pk })
    .update({ votes: F('votes').add(1) });
  return new HttpResponseRedirect(reverse('polls:results', { args: [question.pk] }));
}

const urlpatterns = [
  route('posts/new/', PostCreateView.asView(), { name: 'post_create' }),
  route('photos/new/', PhotoCreateView.asView()),
  route('photos/<int:pk>/', DetailView.asView({ model: Photo })),
  route('posts/<slug:slug>/', DetailView.asView({ model: Post }), { name: 'post_detail' }),
  route('posts/<slug:slug>/edit/', PostUpdateView.asView()),
  route('posts/<slug:slug>/delete/', DeleteView.asView({ model: Post, successUrl: '/posts/new/' })),
  route(
    'polls/',
    include({
      appName: 'polls',
      urlpatterns: [
        route('<int:questionId>/', detail, { name: 'detail' }),
        route('<int:questionId>/vote/', vote, { name: 'vote' }),
        route('<int:questionId>/results/', detail, { name: 'results' }),
      ],
    }),
  ),
];

const dir = projectFolder('stack-forms-editing-', {
  'templates/blog/post_form.html':
    '<form method="post">{% csrf_token %}\n{{ form.as_p }}\n<button type="submit">Save</button></form>',
  'templates/blog/post_detail.html': '<h1>{{ post.title }}</h1>{{ object.content }}',
  'templates/blog/post_confirm_delete.html':
    '<form method="post">{% csrf_token %}Delete “{{ object.title }}”?</form>',
  'templates/polls/detail.html':
    '<form action="/polls/{{ question.id }}/vote/" method="post">{% csrf_token %}\n' +
    '<fieldset><legend><h1>{{ question.question_text }}</h1></legend>\n{{ form.non_field_errors }}{{ form.choice.errors }}\n' +
    '{% for radio in form.choice %}{{ radio.tag }}<label for="{{ radio.id_for_label }}">{{ radio.choice_label }}</label><br>\n{% endfor %}' +
    '</fieldset><input type="submit" value="Vote"></form>',
  'templates/blog/photo_form.html':
    '<form method="post" enctype="multipart/form-data">{% csrf_token %}\n{{ form.as_p }}</form>',
  'templates/blog/photo_detail.html':
    '<img src="{{ photo.image.url }}" width="{{ photo.width }}" height="{{ photo.height }}" alt="{{ photo.caption }}">',
});

let news: Category;
let question: Question;
let choices: Choice[];

beforeAll(async () => {
  configure(
    authProjectSettings('forms-editing', dir, {
      rootUrlconf: urlpatterns,
      mediaRoot: 'media',
      mediaUrl: '/media/',
    }),
  );
  await migrate(dir);
  await new SchemaEditor().createModels([Category, Post, Photo, Question, Choice]);
  await getUserModel().objects.createUser('ann', 'ann@example.com', 'first-pass-phrase');
  news = await Category.objects.create({ name: 'News' });
  question = await Question.objects.create({ questionText: 'What’s up?' });
  choices = [
    await Choice.objects.create({ question, choiceText: 'Not much' }),
    await Choice.objects.create({ question, choiceText: 'The <sky>' }),
  ];
});

afterAll(async () => {
  await removeProject(dir);
});

// Steps on one project, each building on the last: they run in order, never shuffled.
describe('the seed’s PostCreateView', { shuffle: false }, () => {
  const client = new Client({ enforceCsrfChecks: true });

  it('sends anonymous users to the login page', async () => {
    const response = await client.get('/posts/new/');
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe('/accounts/login/?next=/posts/new/');
  });

  it('shows the ModelForm with {{ form.as_p }}', async () => {
    expect(await client.login({ username: 'ann', password: 'first-pass-phrase' })).toBe(true);
    const page = await client.get('/posts/new/');
    expect(page.status).toBe(200);
    expect(page.templates).toContain('blog/post_form.html');
    expect(page.text).toContain(
      '<p><label for="id_title">Title:</label> <input type="text" name="title" maxlength="200" required id="id_title"></p>',
    );
    expect(page.text).toContain(
      '<textarea name="content" cols="40" rows="10" required id="id_content">',
    );
    expect(page.text).toContain(`<option value="${news.pk}">News</option>`);
  });

  it('refuses a POST without the CSRF token', async () => {
    const response = await client.post('/posts/new/', { title: 'x', content: 'y' });
    expect(response.status).toBe(403);
  });

  it('shows the errors again for invalid data', async () => {
    const token = csrfTokenOf((await client.get('/posts/new/')).text);
    const response = await client.post('/posts/new/', {
      csrfmiddlewaretoken: token,
      title: '',
      content: 'y',
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain('<ul class="errorlist"><li>This field is required.</li></ul>');
    expect(await Post.objects.count()).toBe(0);
  });

  it('creates the post with its author and slug, then redirects to it', async () => {
    const token = csrfTokenOf((await client.get('/posts/new/')).text);
    const response = await client.post('/posts/new/', {
      csrfmiddlewaretoken: token,
      title: 'Hello Forms World',
      content: 'First post',
      category: String(news.pk),
    });
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe('/posts/hello-forms-world/');
    const post = await Post.objects.selectRelated('author').get({ slug: 'hello-forms-world' });
    expect(post.content).toBe('First post');
    expect(post.categoryId).toBe(news.pk);
    expect((post.author as { username: string }).username).toBe('ann');
    expect((await client.get('/posts/hello-forms-world/')).text).toBe(
      '<h1>Hello Forms World</h1>First post',
    );
  });

  it('edits it with UpdateView and deletes it with DeleteView', async () => {
    const edit = await client.get('/posts/hello-forms-world/edit/');
    expect(edit.text).toContain('value="Hello Forms World"');
    const token = csrfTokenOf(edit.text);
    const saved = await client.post('/posts/hello-forms-world/edit/', {
      csrfmiddlewaretoken: token,
      title: 'Hello again',
      content: 'Edited',
    });
    expect(saved.status).toBe(302);
    expect((await Post.objects.get({ slug: 'hello-forms-world' })).title).toBe('Hello again');
    const confirm = await client.get('/posts/hello-forms-world/delete/');
    expect(confirm.templates).toContain('blog/post_confirm_delete.html');
    const deleted = await client.post('/posts/hello-forms-world/delete/', {
      csrfmiddlewaretoken: csrfTokenOf(confirm.text),
    });
    expect(deleted.status).toBe(302);
    expect(await Post.objects.count()).toBe(0);
  });
});

describe('a CreateView with an ImageField, stored under mediaRoot', () => {
  const client = new Client({ enforceCsrfChecks: true });
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );

  it('shows a file input that asks for an image', async () => {
    const page = await client.get('/photos/new/');
    expect(page.text).toContain(
      '<input type="file" name="image" accept="image/*" required id="id_image">',
    );
  });

  it('stores the upload under mediaRoot, records its size and links it from mediaUrl', async () => {
    const token = csrfTokenOf((await client.get('/photos/new/')).text);
    const response = await client.post('/photos/new/', {
      csrfmiddlewaretoken: token,
      caption: 'A dot',
      image: { name: 'my dot.png', content: png, contentType: 'image/png' },
    });
    expect(response.status).toBe(302);
    const photo = await Photo.objects.get({ caption: 'A dot' });
    const year = new Date().getFullYear();
    expect(photo.image.name).toBe(`photos/${year}/my_dot.png`);
    expect(readFileSync(path.join(dir, 'media', 'photos', String(year), 'my_dot.png'))).toEqual(
      png,
    );
    expect((await client.get(response.get('Location')!)).text).toBe(
      `<img src="/media/photos/${year}/my_dot.png" width="1" height="1" alt="A dot">`,
    );
  });

  it('refuses a file that is not an image, storing nothing', async () => {
    const token = csrfTokenOf((await client.get('/photos/new/')).text);
    const response = await client.post('/photos/new/', {
      csrfmiddlewaretoken: token,
      caption: 'Fake',
      image: { name: 'fake.png', content: '<script>alert(1)</script>', contentType: 'image/png' },
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain(
      'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
    );
    expect(await Photo.objects.filter({ caption: 'Fake' }).count()).toBe(0);
  });

  it('keeps a traversal in the upload name inside mediaRoot', async () => {
    const token = csrfTokenOf((await client.get('/photos/new/')).text);
    const response = await client.post('/photos/new/', {
      csrfmiddlewaretoken: token,
      caption: 'Sneaky',
      image: { name: '../../../sneaky.png', content: png, contentType: 'image/png' },
    });
    // The multipart parser keeps only the base name (as Django's), then uploadTo applies.
    expect(response.status).toBe(302);
    const saved = await Photo.objects.get({ caption: 'Sneaky' });
    const year = new Date().getFullYear();
    expect(saved.image.name).toBe(`photos/${year}/sneaky.png`);
    expect(saved.image.path).toBe(path.join(dir, 'media', 'photos', String(year), 'sneaky.png'));
    expect(existsSync(path.join(dir, 'sneaky.png'))).toBe(false);
    expect(existsSync(path.join(dir, '..', 'sneaky.png'))).toBe(false);
  });
});

describe('the polls detail page with a Form', () => {
  const client = new Client({ enforceCsrfChecks: true });

  it('lists the choices as radio buttons, escaped', async () => {
    const page = await client.get(`/polls/${question.pk}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `<input type="radio" name="choice" value="${choices[0]!.pk}" id="id_choice_0" required><label for="id_choice_0">Not much</label><br>`,
    );
    expect(page.text).toContain('<label for="id_choice_1">The &lt;sky&gt;</label>');
  });

  it('votes, and refuses a missing or foreign choice', async () => {
    const token = csrfTokenOf((await client.get(`/polls/${question.pk}/`)).text);
    const missing = await client.post(`/polls/${question.pk}/vote/`, {
      csrfmiddlewaretoken: token,
    });
    expect(missing.status).toBe(200);
    expect(missing.text).toContain('<ul class="errorlist"><li>This field is required.</li></ul>');
    const other = await Question.objects.create({ questionText: 'Other?' });
    const foreign = await Choice.objects.create({ question: other, choiceText: 'Elsewhere' });
    const refused = await client.post(`/polls/${question.pk}/vote/`, {
      csrfmiddlewaretoken: token,
      choice: String(foreign.pk),
    });
    expect(refused.text).toContain(
      'Select a valid choice. That choice is not one of the available choices.',
    );
    const voted = await client.post(`/polls/${question.pk}/vote/`, {
      csrfmiddlewaretoken: token,
      choice: String(choices[1]!.pk),
    });
    expect(voted.status).toBe(302);
    expect(voted.get('Location')).toBe(`/polls/${question.pk}/results/`);
    expect((await Choice.objects.get({ pk: choices[1]!.pk })).votes).toBe(1);
  });
});
