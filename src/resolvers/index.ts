import Resolver from '@forge/resolver';
import { defineApiResolvers } from './api';
import { defineAuditResolvers } from './audit';
import { defineSettingsResolvers } from './settings';
import { defineTokenResolvers } from './tokens';

const resolver = new Resolver();
defineTokenResolvers(resolver);
defineAuditResolvers(resolver);
defineSettingsResolvers(resolver);
defineApiResolvers(resolver);

export const adminResolverHandler = resolver.getDefinitions();
