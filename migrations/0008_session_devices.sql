-- Each session keeps a coarse name of the device it was opened on ("Firefox on Linux"), so the
-- learner can recognise their sessions on the account page. It is AES-GCM ciphertext under the
-- learner's data key; sessions opened before this have none.

ALTER TABLE sessions ADD COLUMN device_ct TEXT;
