/**
 * The seed's forms: `CommentForm` under each post, `PostForm` for writing and editing posts.
 * Both are ModelForms (`class CommentForm(forms.ModelForm): class Meta: model = Comment`).
 */
import { Textarea, ValidationError, defineModelForm } from '@stack/framework/forms';
import { slugify } from '@stack/framework/utils';
import { MAX_COMMENT_LENGTH } from './consumers.ts';
import { Comment, Post } from './models.ts';

export class CommentForm extends defineModelForm({
  model: Comment,
  fields: ['content'],
  widgets: {
    content: new Textarea({ attrs: { rows: 3, maxlength: String(MAX_COMMENT_LENGTH) } }),
  },
  labels: { content: 'Your comment' },
}) {
  /** The same rule as a comment sent over the WebSocket (consumers.ts). */
  cleanContent() {
    const content = String(this.cleanedData.content ?? '');
    if (content.length > MAX_COMMENT_LENGTH)
      throw new ValidationError(`A comment has at most ${MAX_COMMENT_LENGTH} characters.`, {
        code: 'max_length',
      });
    return content;
  }
}

export class PostForm extends defineModelForm({
  model: Post,
  fields: ['title', 'content', 'featuredImage', 'category', 'tags', 'published'],
  widgets: { content: new Textarea({ attrs: { rows: 12 } }) },
  labels: { featuredImage: 'Featured image' },
}) {
  /**
   * A new post's address is `slugify(title)`, so the title must make one that is free. An edited
   * post keeps its address (links to it stay valid), so only new posts are checked. `new` is
   * taken by the page that writes posts (`post/new/`).
   */
  override async clean() {
    const title = this.cleanedData.title;
    const adding = this.instance.pk === null || this.instance.pk === undefined;
    if (!adding || typeof title !== 'string') return;
    const slug = slugify(title);
    if (slug === '')
      this.addError('title', 'The title needs a letter or a digit: it makes the address.');
    else if (slug === 'new' || (await Post.objects.filter({ slug }).exists()))
      this.addError('title', 'A post with this title exists already.');
  }
}
