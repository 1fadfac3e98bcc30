-- Why an agent is in a state: the configured reason code of a NotReady, AuxWork or AfterCallWork (GWS userState.reason).
ALTER TABLE agent_state_history ADD COLUMN reason VARCHAR(255);
