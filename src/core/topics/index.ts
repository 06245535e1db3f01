export { computeTopics, chooseTopicCount, fitTopicSample, topicSample, topicsByPosition, OTHER_ID, OTHER_LABEL, type TopicsByPosition } from './compute';
export type { SampleFit, TopicHints, TopicSample } from './compute';
export { describeTopics, formatTopicsText } from './describe';
export type { TopicsDescription, DescribedTopic } from './describe';
export type { Topic, TopicAssignment, TopicKind, TopicModel, TopicOptions, UserTopic, ModelTopic, TopicPaper } from './types';
