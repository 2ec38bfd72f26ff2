import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASCADE,
  CharField,
  ForeignKey,
  IntegrityError,
  OneToOneField,
  RESTRICT,
  RelatedObjectNotLoaded,
  RestrictedError,
  SET_DEFAULT,
  SchemaEditor,
  connections,
  defineModel,
} from './index.js';

class Person extends defineModel<Person>()('rel.Person', {
  name: new CharField({ maxLength: 50 }),
}) {
  declare profile: Profile | null; // the reverse one-to-one (types only)
}

class Profile extends defineModel<Profile>()('rel.Profile', {
  person: new OneToOneField(() => Person, { onDelete: CASCADE, relatedName: 'profile' }),
  bio: new CharField({ maxLength: 50, default: '' }),
}) {}

class Album extends defineModel<Album>()('rel.Album', {
  owner: new ForeignKey(() => Person, { onDelete: CASCADE, relatedName: 'albums' }),
}) {}

class Song extends defineModel<Song>()('rel.Song', {
  album: new ForeignKey(() => Album, { onDelete: CASCADE, relatedName: 'songs' }),
  artist: new ForeignKey(() => Person, { onDelete: RESTRICT, relatedName: 'songs' }),
  curator: new ForeignKey('rel.Person', {
    onDelete: SET_DEFAULT,
    null: true,
    default: null,
    relatedName: 'curated',
  }),
  parent: new ForeignKey<Song, true>('self', {
    onDelete: CASCADE,
    null: true,
    relatedName: 'children',
  }),
}) {}

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: ':memory:' } });
  await new SchemaEditor().createModels([Person, Profile, Album, Song]);
});
afterAll(() => connections.closeAll());

describe('one-to-one, RESTRICT, SET_DEFAULT and self references', () => {
  it('loads the reverse side of a one-to-one and keeps it unique', async () => {
    const ann = await Person.objects.create({ name: 'ann' });
    await Profile.objects.create({ person: ann, bio: 'hi' });
    const fresh = await Person.objects.get({ pk: ann.pk });
    expect(() => fresh.profile?.bio).toThrow(RelatedObjectNotLoaded);
    expect((await fresh.profile)?.bio).toBe('hi');
    const profile = await ann.fetchRelated('profile');
    expect(profile?.bio).toBe('hi');
    await expect(Profile.objects.create({ person: ann })).rejects.toBeInstanceOf(IntegrityError);
    const [withProfile] = await Person.objects.filter({ pk: ann.pk }).prefetchRelated('profile');
    expect(withProfile?.profile?.bio).toBe('hi');
  });

  it('restricts a delete unless a cascade reaches the same rows', async () => {
    const bob = await Person.objects.create({ name: 'bob' });
    const cat = await Person.objects.create({ name: 'cat' });
    const album = await Album.objects.create({ owner: bob });
    await Song.objects.create({ album, artist: bob, curator: cat });
    const other = await Album.objects.create({ owner: cat });
    await Song.objects.create({ album: other, artist: bob });
    await expect(bob.delete()).rejects.toBeInstanceOf(RestrictedError);
    await cat.delete(); // cascades to `other` and its song; sets the curator to its default (null)
    expect((await Song.objects.all()).map((s) => s.curatorId)).toEqual([null]);
    await Song.objects.filter({ artist: bob }).delete();
    await bob.delete();
    expect(await Person.objects.filter({ name: 'bob' }).exists()).toBe(false);
  });

  it('follows a self reference in filters and cascades through it', async () => {
    const dee = await Person.objects.create({ name: 'dee' });
    const album = await Album.objects.create({ owner: dee });
    const root = await Song.objects.create({ album, artist: dee });
    const child = await Song.objects.create({ album, artist: dee, parent: root });
    expect((await Song.objects.filter({ parent__artist__name: 'dee' })).map((s) => s.pk)).toEqual([
      child.pk,
    ]);
    const [count] = await root.delete();
    expect(count).toBe(2);
  });
});
