/** Every topic the workers serve; a test checks this list against processes/*.bpmn. */
import { caseClassifyTopic } from './case-classify.topic.js';
import { caseCloseTopic } from './case-close.topic.js';
import { paymentInstructTopic } from './payment-instruct.topic.js';
import type { TopicDefinition } from '../topic.js';

export const TOPICS: TopicDefinition[] = [caseClassifyTopic, paymentInstructTopic, caseCloseTopic];
